package io.vdsweep.jobs.run;

import io.vdsweep.core.backend.NativeBackend;
import io.vdsweep.sweeps.schema.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Properties;
import org.apache.spark.SparkEnv;

/** What this build and this JVM are, for the provenance of every result row. */
public final class BuildInfo {

    private static final Properties BUILD = load("/vdsweep-build.properties");
    private static final Properties GIT = load("/git.properties");

    private BuildInfo() {
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // provenance falls back to "unknown"
        }
        return p;
    }

    /** The project version this build has (what result rows record as vdsweep_version). */
    public static String version() {
        return BUILD.getProperty("vdsweep.version", "unknown");
    }

    /** One line for {@code --version}: the build and the libraries it runs on. */
    public static String describe() {
        return "vdsweep " + version() + " (commit " + gitCommit() + "), Spark "
                + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", DL4J " + BUILD.getProperty("dl4j.version",
                "unknown");
    }

    /** The commit the code was built from, with "-dirty" for uncommitted changes. */
    public static String gitCommit() {
        String commit = GIT.getProperty("git.commit.id", "unknown");
        return "true".equals(GIT.getProperty("git.dirty")) ? commit + "-dirty" : commit;
    }

    /** Provenance of the current JVM (driver or executor). */
    public static Provenance here() {
        String executor;
        try {
            SparkEnv env = SparkEnv.get();
            executor = InetAddress.getLocalHost().getHostName() + "/" + (env == null ? "local" : env.executorId());
        } catch (IOException e) {
            executor = "unknown";
        }
        String threads = System.getenv("OMP_NUM_THREADS");
        return new Provenance(gitCommit(), version(),
                org.apache.spark.package$.MODULE$.SPARK_VERSION(), BUILD.getProperty("dl4j.version", "unknown"),
                NativeBackend.describe(), threads == null ? "default" : threads,
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"), executor);
    }
}
