package io.vdsweep.core.layers;

import static io.vdsweep.core.layers.SparsityEmergesTest.CLASSES;
import static io.vdsweep.core.layers.SparsityEmergesTest.FEATURES;
import static io.vdsweep.core.layers.SparsityEmergesTest.N;
import static io.vdsweep.core.layers.SparsityEmergesTest.RELEVANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * End to end on the task of {@link SparsityEmergesTest} (4 of 20 inputs matter): SBP noise on the inputs and on the
 * hidden neurons of a plain dense net prunes the irrelevant inputs whole and keeps the relevant ones and the
 * accuracy; without the KL term no unit is pruned. The KL weight is 4 so that 100 epochs of 10 steps suffice: at
 * β = 1 the irrelevant inputs' SNR falls from ~40 to 0.9–3 in that time, on its way below the threshold of 1.
 */
class SbpPruningTest {

    private static MultiLayerNetwork train(double klWeight) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(new SbpNoise.Builder().build())
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build())
                .layer(new SbpNoise.Builder().build())
                .layer(new DenseLayer.Builder().nOut(CLASSES).activation(Activation.IDENTITY).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(FEATURES))
                .build());
        net.init();
        VariationalLayers.setTrainingSetSize(net, N);
        VariationalLayers.setKlWeight(net, klWeight);
        Nd4j.getRandom().setSeed(5);
        DataSet data = SparsityEmergesTest.task(1);
        for (int epoch = 0; epoch < 100; epoch++) {
            data.shuffle(epoch);
            for (DataSet batch : data.batchBy(100)) {
                net.fit(batch);
            }
        }
        return net;
    }

    private static int count(boolean[] kept, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += kept[i] ? 1 : 0;
        }
        return n;
    }

    @Test
    void sbpPrunesIrrelevantInputsWholeAndKeepsAccuracy() {
        MultiLayerNetwork net = train(4.0);
        boolean[] inputs = ((SbpNoiseLayer) net.getLayer(0)).kept();
        boolean[] hidden = ((SbpNoiseLayer) net.getLayer(2)).kept();
        double accuracy = SparsityEmergesTest.accuracy(net, SparsityEmergesTest.task(2));
        String figures = String.format("accuracy %.3f, relevant inputs kept %d/%d, irrelevant kept %d/%d, hidden "
                + "kept %d/%d", accuracy, count(inputs, 0, RELEVANT), RELEVANT, count(inputs, RELEVANT, FEATURES),
                FEATURES - RELEVANT, count(hidden, 0, hidden.length), hidden.length);
        assertTrue(accuracy > 0.85, figures);
        assertEquals(RELEVANT, count(inputs, 0, RELEVANT), figures);
        assertTrue(count(inputs, RELEVANT, FEATURES) <= 2, figures);
        assertTrue(count(hidden, 0, hidden.length) < hidden.length, figures);
    }

    @Test
    void withoutTheKlTermNoUnitIsPruned() {
        MultiLayerNetwork net = train(0.0);
        assertEquals(FEATURES, count(((SbpNoiseLayer) net.getLayer(0)).kept(), 0, FEATURES));
        assertTrue(SparsityEmergesTest.accuracy(net, SparsityEmergesTest.task(2)) > 0.85);
    }
}
