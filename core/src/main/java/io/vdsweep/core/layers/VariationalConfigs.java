package io.vdsweep.core.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/** What the dense and conv variational configurations do identically (they extend different DL4J classes). */
final class VariationalConfigs {

    private VariationalConfigs() {
    }

    /** Parameters and updater state, plus x², s, ε and z per example while training. */
    static LayerMemoryReport memoryReport(BaseLayer config, InputType in, InputType out) {
        long params = VariationalParamInitializer.getInstance().numParams(config);
        return new LayerMemoryReport.Builder(config.getLayerName(), config.getClass(), in, out)
                .standardMemory(params, config.getIUpdater().stateSize(params))
                .workingMemory(0, 0, 0, 4 * out.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
