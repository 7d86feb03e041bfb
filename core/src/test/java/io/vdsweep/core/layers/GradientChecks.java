package io.vdsweep.core.layers;

import org.nd4j.common.function.Consumer;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference checks of a network's hand-written gradients with the LRT noise held fixed. */
final class GradientChecks {

    static final long NOISE_SEED = 12345;

    private GradientChecks() {
    }

    static boolean check(MultiLayerConfiguration conf, INDArray input, INDArray labels,
            Consumer<MultiLayerNetwork> beforeEachPass) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return check(net, input, labels, beforeEachPass);
    }

    /** The check on an initialised network (whose parameters a test may have set). */
    static boolean check(MultiLayerNetwork net, INDArray input, INDArray labels,
            Consumer<MultiLayerNetwork> beforeEachPass) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .callEachIter(beforeEachPass));
    }

    /** Reseeds ND4J's RNG so every pass draws the same noise. */
    static void fixNoise(MultiLayerNetwork net) {
        Nd4j.getRandom().setSeed(NOISE_SEED);
    }

    /** One-hot targets [batch, classes, steps] of a recurrent net, a random class per step drawn from {@code seed}. */
    static INDArray oneHotSteps(int batch, int classes, int steps, long seed) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, classes, steps);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < batch; i++) {
            for (int t = 0; t < steps; t++) {
                labels.putScalar(new int[] {i, random.nextInt(classes), t}, 1.0);
            }
        }
        return labels;
    }

    /** Inputs [batch, features, steps] uniform in [−1, 1) from ND4J's generator seeded with {@code seed}. */
    static INDArray uniformSteps(int batch, int features, int steps, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, batch, features, steps).subi(0.5).muli(2);
    }

    static INDArray oneHot(int rows, int classes, long seed) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, random.nextInt(classes), 1.0);
        }
        return labels;
    }
}
