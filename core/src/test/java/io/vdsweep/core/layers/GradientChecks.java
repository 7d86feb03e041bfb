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

    static INDArray oneHot(int rows, int classes, long seed) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, random.nextInt(classes), 1.0);
        }
        return labels;
    }
}
