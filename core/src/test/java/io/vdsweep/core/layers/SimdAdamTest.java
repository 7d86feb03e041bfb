package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link SimdAdam} trains a net as DL4J's Adam does: same parameters and the same moments after a series of steps
 * with a learning-rate change in between (to float rounding), on float nets (its own pass) and double ones (DL4J's),
 * and it survives JSON and cloning as itself.
 */
class SimdAdamTest {

    private static MultiLayerNetwork net(IUpdater updater, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type).updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(13).nOut(37).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void stepsLikeDl4jsAdam() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            MultiLayerNetwork ours = net(new SimdAdam(3e-3), type);
            MultiLayerNetwork theirs = net(new Adam(3e-3), type);
            assertEquals(theirs.params(), ours.params());
            Nd4j.getRandom().setSeed(7);
            INDArray x = Nd4j.randn(type, 32, 13);
            INDArray y = Nd4j.zeros(type, 32, 5);
            for (int i = 0; i < 32; i++) {
                y.putScalar(i, i % 5, 1);
            }
            DataSet batch = new DataSet(x, y);
            for (int step = 0; step < 25; step++) {
                if (step == 10) {
                    ours.setLearningRate(1e-3);
                    theirs.setLearningRate(1e-3);
                }
                ours.fit(batch);
                theirs.fit(batch);
            }
            assertTrue(ours.params().sub(net(new Adam(3e-3), type).params()).norm2Number().doubleValue() > 1e-2,
                    "the steps moved the net");
            double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-12;
            assertTrue(ours.params().equalsWithEps(theirs.params(), tolerance), type + " parameters");
            assertTrue(ours.getUpdater().getStateViewArray().equalsWithEps(theirs.getUpdater().getStateViewArray(),
                    tolerance), type + " moments");
        }
    }

    @Test
    void survivesJsonAndCloning() {
        SimdAdam adam = new SimdAdam(2e-4);
        adam.setBeta2(0.99);
        MultiLayerNetwork net = net(adam, DataType.FLOAT);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        IUpdater updater = ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertInstanceOf(SimdAdam.class, updater);
        assertEquals(2e-4, ((SimdAdam) updater).getLearningRate(), 0);
        assertEquals(0.99, ((SimdAdam) updater).getBeta2(), 0);
        assertInstanceOf(SimdAdam.class, adam.clone());
        assertEquals(adam, adam.clone());
    }
}
