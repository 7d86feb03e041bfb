package io.vdsweep.core.layers;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Gives the batch-norm layers of a net vdsweep's SIMD helper ({@link SimdBatchNormHelper}) on CPU backends whose
 * JVM has the Vector API; elsewhere (CUDA: cuDNN's helper; no Vector API: DL4J's) the layers keep what DL4J chose.
 */
public final class BatchNormHelpers {

    private BatchNormHelpers() {
    }

    /** Installs the helper in every batch-norm layer of {@code net} (idempotent); returns how many layers got it. */
    public static int install(MultiLayerNetwork net) {
        if (!HostArrays.simd()) {
            return 0;
        }
        return SimdBatchNormHelper.install(net);
    }
}
