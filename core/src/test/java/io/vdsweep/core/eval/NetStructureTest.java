package io.vdsweep.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.layers.LayerSparsity;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.Variant;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Units and FLOPs left after pruning, on nets whose weights the test zeroes by hand, so the expected counts follow
 * from the pattern: units no weight reaches, units no weight leaves, the cascade between them, the flatten between
 * conv and dense layers, and SBP's own pruning.
 */
class NetStructureTest {

    private static MultiLayerNetwork net(Architecture architecture, Variant variant) {
        MultiLayerNetwork net = new MultiLayerNetwork(NetBuilder.build(new NetSpec(architecture, variant, 1),
                Dataset.MNIST, 1, 1e-3));
        net.init();
        return net;
    }

    private static INDArray example(Architecture architecture) {
        return architecture.convolutional() ? Nd4j.zeros(DataType.FLOAT, 1, 1, 28, 28)
                : Nd4j.zeros(DataType.FLOAT, 1, 784);
    }

    @Test
    void denseNetLosesUnusedInputsDeadNeuronsAndUselessOnes() {
        MultiLayerNetwork net = net(Architecture.LENET_300_100, Variant.NO_DROPOUT);
        INDArray w0 = net.getLayer(0).getParam("W");                 // [784, 300]
        w0.get(NDArrayIndex.interval(0, 100), NDArrayIndex.all()).assign(0);     // inputs 0..99 unused
        w0.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 50)).assign(0);      // hidden 0..49 reached by nothing
        INDArray w1 = net.getLayer(1).getParam("W");                 // [300, 100]
        w1.get(NDArrayIndex.interval(50, 60), NDArrayIndex.all()).assign(0);     // hidden 50..59 lead nowhere
        w1.get(NDArrayIndex.all(), NDArrayIndex.point(0)).assign(0);             // layer 2's neuron 0 unreached
        NetStructure s = NetStructure.of(net, example(Architecture.LENET_300_100));
        assertEquals(List.of(784L, 300L, 100L, 10L), s.units());
        assertEquals(List.of(684L, 240L, 99L, 10L), s.unitsKept());
        assertEquals(784L * 300 + 300 * 100 + 100 * 10, s.flops());
        assertEquals(684L * 240 + 240 * 99 + 99 * 10, s.flopsKept());
    }

    /** The plain net timed for the CPU speed-up has exactly the remaining units (LeNet-5: whole channels). */
    @Test
    void shrunkNetsHaveTheRemainingUnits() {
        MultiLayerNetwork dense = net(Architecture.LENET_300_100, Variant.SBP);
        MultiLayerNetwork shrunk = ShrunkNet.plain(dense, new long[] {240, 99, 10}, new long[] {1, 784}, 684);
        assertEquals(684L * 240 + 240 + 240L * 99 + 99 + 99L * 10 + 10, shrunk.numParams());
        MultiLayerNetwork conv = net(Architecture.LENET_5_CAFFE, Variant.NO_DROPOUT);
        MultiLayerNetwork shrunkConv = ShrunkNet.plain(conv, new long[] {15, 48, 500, 10},
                new long[] {1, 1, 28, 28}, 1);
        assertEquals(15L * 25 + 15 + 48L * 15 * 25 + 48 + 48L * 16 * 500 + 500 + 500L * 10 + 10,
                shrunkConv.numParams());
    }

    /** Nothing to remove, nothing to time: the speed-up of an unpruned net is 1 exactly; a pruned one is timed. */
    @Test
    void onlyPrunedNetsAreTimed() {
        MultiLayerNetwork net = net(Architecture.LENET_300_100, Variant.NO_DROPOUT);
        INDArray x = example(Architecture.LENET_300_100);
        assertEquals(1.0, ShrunkNet.measuredSpeedup(net, NetStructure.of(net, x), x));
        net.getLayer(0).getParam("W").get(NDArrayIndex.all(), NDArrayIndex.interval(0, 150)).assign(0);
        double speedup = ShrunkNet.measuredSpeedup(net, NetStructure.of(net, x), x);
        assertTrue(speedup > 0 && Double.isFinite(speedup) && speedup != 1.0, "timed: " + speedup);
    }

    /** A neuron whose only outgoing weights lead to dead neurons dies too, and takes its inputs along. */
    @Test
    void pruningCascadesBackwards() {
        MultiLayerNetwork net = net(Architecture.LENET_300_100, Variant.NO_DROPOUT);
        net.getLayer(2).getParam("W").assign(0);                     // logits read nothing
        NetStructure s = NetStructure.of(net, example(Architecture.LENET_300_100));
        assertEquals(List.of(0L, 0L, 0L, 10L), s.unitsKept());
        assertEquals(0L, s.flopsKept());
    }

    @Test
    void convNetCountsFiltersAndFlattenedPositions() {
        MultiLayerNetwork net = net(Architecture.LENET_5_CAFFE, Variant.NO_DROPOUT);
        net.getLayer(0).getParam("W").get(NDArrayIndex.interval(0, 5)).assign(0);   // conv1 filters 0..4 empty
        net.getLayer(2).getParam("W").get(NDArrayIndex.point(0)).assign(0);         // conv2 filter 0 empty
        INDArray dense = net.getLayer(4).getParam("W");                             // [800, 500], channel-major rows
        dense.get(NDArrayIndex.interval(7 * 16, 8 * 16), NDArrayIndex.all()).assign(0);  // channel 7 read by nothing
        NetStructure s = NetStructure.of(net, example(Architecture.LENET_5_CAFFE));
        assertEquals(List.of(1L, 20L, 50L, 800L, 500L, 10L), s.units());
        assertEquals(List.of(1L, 15L, 48L, 768L, 500L, 10L), s.unitsKept());
        long full = 20L * 25 * 24 * 24 + 20L * 50 * 25 * 8 * 8 + 800L * 500 + 500L * 10;
        long kept = 15L * 25 * 24 * 24 + 15L * 48 * 25 * 8 * 8 + 768L * 500 + 500L * 10;
        assertEquals(full, s.flops());
        assertEquals(kept, s.flopsKept());
    }

    @Test
    void sbpPrunedUnitsAndTheirWeightsLeave() {
        MultiLayerNetwork net = net(Architecture.LENET_300_100, Variant.SBP);
        // a wide posterior on log θ (SNR < 1) for inputs 0..99 and hidden neurons 0..29 of the first layer
        net.getLayer(0).getParam("mu").get(NDArrayIndex.all(), NDArrayIndex.interval(0, 100)).assign(-10);
        net.getLayer(0).getParam("logSigma").get(NDArrayIndex.all(), NDArrayIndex.interval(0, 100)).assign(2);
        net.getLayer(2).getParam("mu").get(NDArrayIndex.all(), NDArrayIndex.interval(0, 30)).assign(-10);
        net.getLayer(2).getParam("logSigma").get(NDArrayIndex.all(), NDArrayIndex.interval(0, 30)).assign(2);
        NetStructure s = NetStructure.of(net, example(Architecture.LENET_300_100));
        assertEquals(List.of(684L, 270L, 100L, 10L), s.unitsKept());
        List<LayerSparsity> layers = Evaluator.layerSparsity(net, s);
        assertEquals(3, layers.size());
        assertEquals(684L * 270, layers.get(0).keptWeights());
        assertEquals(784L * 300, layers.get(0).weights());
        assertEquals(30L, layers.get(0).deadUnits());
        assertEquals(270L * 100, layers.get(1).keptWeights());
    }
}
