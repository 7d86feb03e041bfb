package io.vdsweep.core.layers;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named arrays a layer reuses from step to step. Allocating an ND4J array outside a workspace costs more than the
 * arithmetic on it (a profile of the first version spent 45% of a Sparse VD epoch in {@code allocateDataBuffer}),
 * so each temporary is allocated once per shape, detached from DL4J's workspaces, and overwritten in place.
 * Contents are undefined when handed out.
 */
final class Buffers {

    private final DataType dataType;
    private final Map<String, INDArray> arrays = new HashMap<>();

    Buffers(DataType dataType) {
        this.dataType = dataType;
    }

    /** The array named {@code key} with this shape and order, reallocated only when they change. */
    INDArray get(String key, long[] shape, char order) {
        INDArray a = arrays.get(key);
        if (a == null || a.ordering() != order || !Arrays.equals(a.shape(), shape)) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                a = Nd4j.createUninitialized(dataType, shape, order);
            }
            arrays.put(key, a);
        }
        return a;
    }

    /** The array named {@code key} shaped like {@code like}, in 'c' order. */
    INDArray like(String key, INDArray like) {
        return get(key, like.shape(), 'c');
    }
}
