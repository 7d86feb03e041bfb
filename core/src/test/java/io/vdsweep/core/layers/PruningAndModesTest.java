package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The log α > 3 pruning rule, the deterministic and stochastic inference modes, and sparsity statistics. */
class PruningAndModesTest {

    private static MultiLayerNetwork dense(Parameterization kind) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).updater(new Adam(1e-3)).list()
                .layer(new DenseVariational.Builder().nIn(3).nOut(2).activation(Activation.IDENTITY)
                        .parameterization(kind).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void additiveWeightsAboveThresholdAreZeroInTheDeterministicNet() {
        MultiLayerNetwork net = dense(Parameterization.ADDITIVE);
        INDArray theta = net.getParam("0_W");     // [units=2, fanIn=3]
        INDArray logSigma2 = net.getParam("0_logSigma2");
        theta.assign(Nd4j.createFromArray(new double[][] {{1, 2, 3}, {-1, 0.5, 2}}));
        // log α = log σ² − log θ²: weight (0,1) at log α = 3.5 (pruned), (1,2) at exactly 3 (kept), rest −10.
        logSigma2.assign(Nd4j.createFromArray(new double[][] {{-10, Math.log(4) + 3.5, -10}, {-10, -10, Math.log(4) + 3}}));
        net.getParam("0_b").assign(Nd4j.createFromArray(new double[][] {{0.25, -0.5}}));

        INDArray x = Nd4j.createFromArray(new double[][] {{1, 1, 1}, {2, -1, 0.5}});
        INDArray expected = x.mmul(Nd4j.createFromArray(new double[][] {{1, 0, 3}, {-1, 0.5, 2}}).transpose())
                .addRowVector(Nd4j.createFromArray(0.25, -0.5));
        assertTrue(expected.equalsWithEps(net.output(x), 1e-9), net.output(x).toString());

        List<LayerSparsity> sparsity = VariationalLayers.sparsity(net);
        assertEquals(6, sparsity.get(0).weights());
        assertEquals(5, sparsity.get(0).keptWeights());
        assertEquals(1.0 / 6, sparsity.get(0).prunedFraction(), 1e-12);
        assertEquals(0, sparsity.get(0).deadUnits());
    }

    @Test
    void stochasticModeSamplesAroundTheDeterministicOutput() {
        MultiLayerNetwork net = dense(Parameterization.ADDITIVE);
        net.getParam("0_logSigma2").assign(-2);
        INDArray x = Nd4j.ones(DataType.DOUBLE, 1, 3);
        INDArray deterministic = net.output(x);
        assertTrue(deterministic.equalsWithEps(net.output(x), 0), "deterministic mode is repeatable");

        VariationalLayers.setInferenceMode(net, InferenceMode.STOCHASTIC);
        INDArray a = net.output(x);
        INDArray b = net.output(x);
        assertFalse(a.equalsWithEps(b, 1e-12), "two stochastic passes differ");
        // The mean of many samples approaches the deterministic output (no weight is pruned here).
        INDArray mean = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        for (int i = 0; i < 4000; i++) {
            mean.addi(net.output(x));
        }
        mean.divi(4000);
        assertTrue(mean.equalsWithEps(deterministic, 0.02), mean + " vs " + deterministic);
    }

    @Test
    void varianceLayerPrunesEverythingAndGaussianDropoutNothing() {
        MultiLayerNetwork variance = dense(Parameterization.VARIANCE);
        assertEquals(0, VariationalLayers.sparsity(variance).get(0).keptWeights());
        assertEquals(2, VariationalLayers.sparsity(variance).get(0).deadUnits());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3);
        assertEquals(0.0, variance.output(x).sumNumber().doubleValue(), 1e-12, "deterministic variance net = bias = 0");

        MultiLayerNetwork gaussian = dense(Parameterization.GAUSSIAN_DROPOUT);
        assertEquals(6, VariationalLayers.sparsity(gaussian).get(0).keptWeights());
        assertEquals(0.0, VariationalLayers.kl(gaussian), 0.0);
    }

    @Test
    void neuronWiseAlphaPrunesWholeUnitsAndConvReportsDeadFilters() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).list()
                .layer(new ConvVariational.Builder(2, 2).nOut(4).activation(Activation.IDENTITY)
                        .parameterization(Parameterization.NEURON).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(3, 3, 2))
                .build());
        net.init();
        net.getParam("0_logAlpha").assign(Nd4j.createFromArray(new double[][] {{-5}, {4}, {-1}, {6}}));
        LayerSparsity s = VariationalLayers.sparsity(net).get(0);
        assertEquals(4 * 2 * 2 * 2, s.weights());
        assertEquals(2 * 8, s.keptWeights());
        assertEquals(4, s.units());
        assertEquals(2, s.deadUnits());
        // KL of neuron-wise α counts every weight: fan-in × Σ_j KL(log α_j)
        double expected = 8 * (ScalarKl.kl(-5) + ScalarKl.kl(4) + ScalarKl.kl(-1)
                + ScalarKl.kl(6));
        assertEquals(expected, VariationalLayers.kl(net), 1e-9);
    }
}
