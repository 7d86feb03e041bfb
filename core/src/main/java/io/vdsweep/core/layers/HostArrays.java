package io.vdsweep.core.layers;

import io.vdsweep.core.backend.NativeBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which arrays vdsweep's Java kernels (batch norm, pooling, ReLU) may read and write in place of libnd4j's: float
 * arrays in host memory that own their whole buffer in C order. Anything else (double arrays of the gradient checks,
 * views, GPU backends) goes to DL4J's own code, which gives the same results more slowly.
 */
final class HostArrays {

    private static final boolean CPU = "CPU".equalsIgnoreCase(
            Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", ""));
    private static final boolean VECTOR_API = NativeBackend.vectorApi();

    private HostArrays() {
    }

    /** The backend keeps arrays in host memory (ND4J's native CPU backend). */
    static boolean cpu() {
        return CPU;
    }

    /** {@link #cpu} and the JVM has the Vector API ({@code --add-modules=jdk.incubator.vector}). */
    static boolean simd() {
        return CPU && VECTOR_API;
    }

    /** Every one of {@code arrays} is a float array, C order, contiguous, and the whole of its buffer. */
    static boolean dense(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a == null || a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.elementWiseStride() != 1
                    || a.data().length() != a.length()) {
                return false;
            }
        }
        return true;
    }
}
