package io.vdsweep.jobs.run;

import io.vdsweep.core.backend.NativeBackend;
import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every executor JVM choose its own ND4J native build ({@link NativeBackend#select()}) when it starts, before
 * a task can touch ND4J: a cluster's machines may differ in CPU, so the choice cannot be made on the driver. Spark
 * instantiates it on each executor through {@code spark.plugins}, which {@code vdsweep run} sets
 * ({@link #register}) and {@code conf/spark/*.conf} name.
 */
public final class NativeBackendPlugin implements SparkPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(NativeBackendPlugin.class);

    /** The driver chooses in {@code VdSweep.main}, before Spark starts; in local mode the executor plugin runs too. */
    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext context, Map<String, String> extraConf) {
                String extension = NativeBackend.select();
                LOG.info("vdsweep: executor {} chose ND4J native build linux-x86_64{}", context.executorID(),
                        extension.isEmpty() ? " (generic)" : extension);
            }
        };
    }

    /** {@code plugins} (a comma-separated {@code spark.plugins} value, or null) with this plugin added once. */
    public static String register(String plugins) {
        String name = NativeBackendPlugin.class.getName();
        if (plugins == null || plugins.isBlank()) {
            return name;
        }
        for (String p : plugins.split(",")) {
            if (p.trim().equals(name)) {
                return plugins;
            }
        }
        return plugins + "," + name;
    }
}
