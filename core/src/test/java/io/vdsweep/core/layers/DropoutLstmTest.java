package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Variational binary dropout on W^h: gradients against finite differences with the mask held fixed, a negative
 * control, whole rows of W^h dropped for all time steps, and the unmasked matrix outside training.
 */
class DropoutLstmTest {

    private static MultiLayerNetwork net(double keep) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new NoOp()).trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE).list()
                .layer(new DropoutLstm.Builder().nIn(3).nOut(6).keep(keep).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray input() {
        return GradientChecks.uniformSteps(3, 3, 4, 3);
    }

    private static INDArray labels() {
        return GradientChecks.oneHotSteps(3, 3, 4, 1);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithTheMaskFixed() {
        assertTrue(GradientChecks.check(net(0.5), input(), labels(), GradientChecks::fixNoise));
    }

    @Test
    void negativeControlMaskNotFixed() {
        assertFalse(GradientChecks.check(net(0.5), input(), labels(), n -> { }));
    }

    @Test
    void rowsOfTheRecurrentMatrixAreDroppedInTrainingOnly() {
        MultiLayerNetwork net = net(0.5);
        DropoutLstmLayer layer = (DropoutLstmLayer) net.getLayer(0);
        INDArray w = layer.getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        Nd4j.getRandom().setSeed(5);
        INDArray masked = layer.getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        int dropped = 0;
        for (int i = 0; i < w.rows(); i++) {
            double ratio = masked.getRow(i).sumNumber().doubleValue() / w.getRow(i).sumNumber().doubleValue();
            assertTrue(Math.abs(ratio) < 1e-12 || Math.abs(ratio - 2) < 1e-12, "row " + i + " scaled by " + ratio);
            dropped += Math.abs(ratio) < 1e-12 ? 1 : 0;
        }
        assertTrue(dropped > 0 && dropped < w.rows(), dropped + " of " + w.rows() + " rows dropped");
        assertEquals(w, layer.getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, false,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()), "unmasked outside training");
    }
}
