package io.vdsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.ImageSet;
import io.vdsweep.core.data.Preprocessor;
import io.vdsweep.core.data.ShuffledBatches;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.Variant;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam moments of weights without gradient decay into denormals; the local fitter flushes them. The data have a
 * top row of pixels that is 0 in every image, so the first-layer weights of those pixels get no gradient (plain
 * net, no KL), and their moments start just above the smallest normal float, where a few steps of decay take them.
 */
class DenormalsTest {

    private static final int BATCH = 8;

    @Test
    void momentsOfWeightsWithoutGradientTurnDenormalAndTheLocalFitterZeroesThem() {
        TrialData data = dataWithDeadPixels();
        int minibatches = data.train().count() / BATCH;
        assertEquals(Denormals.EVERY, minibatches, "one epoch ends on a flush");

        MultiLayerNetwork unflushed = netWithTinyMoments(data);
        ShuffledBatches batches = new ShuffledBatches(data.train(), BATCH, 1, true);
        batches.startEpoch(0);
        while (batches.hasNext()) {
            unflushed.fit(batches.next());
        }
        long[] control = census(unflushed.getUpdater().getStateViewArray());
        assertTrue(control[0] > 0, "without the flush the dead pixels' moments are denormal: " + control[0]);

        MultiLayerNetwork flushed = netWithTinyMoments(data);
        LocalEpochFitter.FACTORY.create(data, BATCH, 1).fitEpoch(flushed, 0, (minibatch, loss, count) -> { });
        long[] after = census(flushed.getUpdater().getStateViewArray());
        assertEquals(0, after[0], "denormals left after the fitter's flush");
        assertTrue(after[1] >= control[0], "they became zeros: " + after[1] + " zeros");
        assertEquals(unflushed.params().sumNumber().doubleValue(), flushed.params().sumNumber().doubleValue(), 1e-4,
                "flushing changes no parameter");
    }

    /** A plain LeNet-300-100 (k = 0.1) whose Adam moments all start at 2e-38, just above the denormal range. */
    private static MultiLayerNetwork netWithTinyMoments(TrialData data) {
        MultiLayerNetwork net = new MultiLayerNetwork(NetBuilder.build(
                new NetSpec(Architecture.LENET_300_100, Variant.NO_DROPOUT, 0.1), Dataset.MNIST, 5, 1e-3));
        net.init();
        net.getUpdater(true);
        net.getUpdater().getStateViewArray().assign(2e-38f);
        return net;
    }

    /** {denormal count, zero count}. */
    private static long[] census(INDArray state) {
        long denormal = 0;
        long zero = 0;
        for (float v : state.dup().data().asFloat()) {
            denormal += v != 0 && Math.abs(v) < Float.MIN_NORMAL ? 1 : 0;
            zero += v == 0 ? 1 : 0;
        }
        return new long[] {denormal, zero};
    }

    private static TrialData dataWithDeadPixels() {
        ImageSet train = withDeadTopRow(TinyData.images(Denormals.EVERY * BATCH, 1));
        ImageSet test = withDeadTopRow(TinyData.images(40, 2));
        DataSpec spec = new DataSpec(Dataset.MNIST, false, Preprocessor.Normalization.MEAN_IMAGE, 0, 0);
        return TrialData.of(spec, train, test, false, 3, Map.of());
    }

    private static ImageSet withDeadTopRow(ImageSet images) {
        byte[] pixels = images.pixels().clone();
        for (int i = 0; i < images.labels().length; i++) {
            java.util.Arrays.fill(pixels, i * 784, i * 784 + 28, (byte) 0);
        }
        return new ImageSet(pixels, images.labels(), 1, 28, 28, 10);
    }
}
