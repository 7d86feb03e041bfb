package io.vdsweep.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vdsweep.core.layers.LayerSparsity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sparsity and compression over layers, and how a net with every weight pruned prints. */
class MetricsTest {

    @Test
    void everyWeightPrunedIsAllPrunedNotInfinity() {
        List<LayerSparsity> none = List.of(new LayerSparsity(0, "dense", "DenseVariational", 10, 0, 5, 5),
                new LayerSparsity(1, "out", "DenseVariational", 30, 0, 3, 3));
        double[] sc = Metrics.sparsityAndCompression(none);
        assertEquals(1.0, sc[0]);
        assertEquals("all pruned", Metrics.compressionText(sc[1]));
        double[] half = Metrics.sparsityAndCompression(List.of(new LayerSparsity(0, "dense", "DenseVariational", 10, 5, 5, 0)));
        assertEquals("2.0x", Metrics.compressionText(half[1]));
    }
}
