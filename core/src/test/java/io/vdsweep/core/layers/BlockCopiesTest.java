package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The block copies give what ND4J's permute-and-assign and reverse give, views included. */
class BlockCopiesTest {

    @Test
    void swappingTheLeadingAxesIsThePermutation() {
        INDArray src = Nd4j.linspace(1, 7 * 3 * 2 * 5, 7 * 3 * 2 * 5, DataType.FLOAT).reshape('c', 7, 3, 2, 5);
        INDArray dst = Nd4j.create(DataType.FLOAT, 3, 7, 2, 5);
        assertTrue(BlockCopies.applies(src, dst));
        BlockCopies.swapLeadingAxes(src, dst);
        assertEquals(src.permute(1, 0, 2, 3).dup('c'), dst);
    }

    @Test
    void aContiguousViewIsCopiedFromItsOwnOffset() {
        INDArray flat = Nd4j.linspace(1, 100, 100, DataType.FLOAT);
        INDArray view = flat.get(NDArrayIndex.interval(10, 10 + 4 * 3 * 3)).reshape('c', 4, 3, 3);
        INDArray dst = Nd4j.create(DataType.FLOAT, 3, 4, 3);
        assertTrue(BlockCopies.applies(view, dst), "a contiguous C-order view is dense");
        BlockCopies.swapLeadingAxes(view, dst);
        assertEquals(view.permute(1, 0, 2).dup('c'), dst);
        assertEquals(11f, dst.getFloat(0, 0, 0), "the view's first element, not the buffer's");
    }

    @Test
    void transposeAndFlipReversesEachFilterSpatially() {
        INDArray w = Nd4j.linspace(1, 4 * 3 * 3 * 2, 4 * 3 * 3 * 2, DataType.FLOAT).reshape('c', 4, 3, 3, 2);
        INDArray out = Nd4j.create(DataType.FLOAT, 3, 4, 3, 2);
        BlockCopies.transposeAndFlip(w, out);
        for (int o = 0; o < 4; o++) {
            for (int i = 0; i < 3; i++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 2; x++) {
                        assertEquals(w.getFloat(o, i, y, x), out.getFloat(i, o, 2 - y, 1 - x), o + "," + i + "," + y + "," + x);
                    }
                }
            }
        }
    }

    @Test
    void doubleArraysAreLeftToNd4j() {
        INDArray d = Nd4j.create(DataType.DOUBLE, 2, 2);
        assertTrue(!BlockCopies.applies(d, Nd4j.create(DataType.FLOAT, 2, 2)));
    }
}
