package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The score DL4J reports is mean NLL + β·KL/N, with the KL that backprop computed equal to a fresh one. */
class KlScoreTest {

    @Test
    void scoreAddsBetaKlOverN() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(new DenseVariational.Builder().nIn(6).nOut(4).activation(Activation.TANH)
                        .parameterization(Parameterization.ADDITIVE).build())
                .layer(new DenseVariational.Builder().nIn(4).nOut(3).activation(Activation.IDENTITY)
                        .parameterization(Parameterization.WEIGHT).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        net.getParam("0_logSigma2").assign(-1);
        net.getParam("1_logAlpha").assign(-9); // outside the clip: KL at log α = −8
        VariationalLayers.setTrainingSetSize(net, 50);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 6);
        INDArray y = GradientChecks.oneHot(5, 3, 4);

        double kl = VariationalLayers.kl(net);
        assertTrue(kl > 0);
        assertEquals(12 * ScalarKl.kl(-8), ((AbstractVariationalLayer<?>) net.getLayer(1)).kl(), 1e-9);

        VariationalLayers.setKlWeight(net, 0);
        Nd4j.getRandom().setSeed(9);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        double nll = net.score();

        VariationalLayers.setKlWeight(net, 0.5);
        Nd4j.getRandom().setSeed(9);
        net.computeGradientAndScore(); // score uses the KL cached by backprop
        assertEquals(nll + 0.5 * kl / 50, net.score(), 1e-9);
    }
}
