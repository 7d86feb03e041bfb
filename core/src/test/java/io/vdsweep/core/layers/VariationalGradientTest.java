package io.vdsweep.core.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.eval.Metrics;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Hand-written backprop of the dense and the convolutional variational layer against finite differences, for every
 * parameterization, with and without the KL term; and two negative controls showing the check can fail.
 */
class VariationalGradientTest {

    /** The two layer kinds, each in a small double-precision net with its own input. */
    enum Layout {
        DENSE {
            @Override
            MultiLayerConfiguration net(VariationalSettings s) {
                return base(7)
                        .layer(new DenseVariational.Builder().nIn(4).nOut(5).activation(Activation.TANH).settings(s)
                                .build())
                        .layer(new DenseVariational.Builder().nIn(5).nOut(4).activation(Activation.SIGMOID)
                                .settings(s).build())
                        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                                .activation(Activation.SOFTMAX).build())
                        .build();
            }

            @Override
            INDArray input() {
                Nd4j.getRandom().setSeed(3);
                return Nd4j.rand(DataType.DOUBLE, 6, 4).subi(0.5).muli(2);
            }
        },
        CONV {
            @Override
            MultiLayerConfiguration net(VariationalSettings s) {
                return base(11)
                        .layer(new ConvVariational.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same)
                                .activation(Activation.TANH).settings(s).build())
                        .layer(new ConvVariational.Builder(2, 2).stride(2, 2).padding(1, 1).nOut(2)
                                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.SIGMOID)
                                .settings(s).build())
                        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                                .activation(Activation.SOFTMAX).build())
                        .setInputType(InputType.convolutional(5, 5, 2))
                        .build();
            }

            @Override
            INDArray input() {
                Nd4j.getRandom().setSeed(5);
                return Nd4j.rand(DataType.DOUBLE, 3, 2, 5, 5).subi(0.5).muli(2);
            }
        };

        abstract MultiLayerConfiguration net(VariationalSettings settings);

        abstract INDArray input();

        INDArray labels() {
            return GradientChecks.oneHot((int) input().size(0), 3, this == DENSE ? 1 : 2);
        }

        MultiLayerConfiguration net(Parameterization kind, double klWeight) {
            VariationalSettings s = new VariationalSettings(kind);
            s.setLogVarianceInit(-2);
            s.setDropoutAlpha(0.5);
            s.setKlWeight(klWeight);
            s.setTrainingSetSize(10);
            return net(s);
        }

        private static NeuralNetConfiguration.ListBuilder base(long seed) {
            return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).updater(new NoOp())
                    .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE).list();
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(Layout.values()).flatMap(layout -> Stream.of(Parameterization.values())
                .flatMap(kind -> Stream.of(0.0, 1.0).map(kl -> Arguments.of(layout, kind, kl))));
    }

    @ParameterizedTest(name = "{0} {1} KL weight {2}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Layout layout, Parameterization kind, double klWeight) {
        assertTrue(GradientChecks.check(layout.net(kind, klWeight), layout.input(), layout.labels(),
                GradientChecks::fixNoise), layout + " " + kind + " KL weight " + klWeight);
    }

    /**
     * The training-time mask (the authors' train_clip): weights with log α above the threshold drop out of the noisy
     * pass, their data gradients vanish, the KL still sees them. Some weights start pruned (small θ at log σ² = −2),
     * and the mask changes the noisy output, so the check covers a mask that is really there.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Layout.class)
    void trainingTimeMaskGradientsMatchFiniteDifferences(Layout layout) {
        VariationalSettings s = new VariationalSettings(Parameterization.ADDITIVE);
        s.setLogVarianceInit(-2);
        s.setKlWeight(1);
        s.setTrainingSetSize(10);
        s.setTrainMask(true);
        double[] pruned = {0};
        INDArray[] masked = {null};
        assertTrue(GradientChecks.check(layout.net(s), layout.input(), layout.labels(), n -> {
            GradientChecks.fixNoise(n);
            if (masked[0] == null) {
                pruned[0] = Metrics.sparsityAndCompression(VariationalLayers.sparsity(n))[0];
                VariationalLayers.setInferenceMode(n, InferenceMode.STOCHASTIC);
                masked[0] = n.output(layout.input());
                VariationalLayers.setTrainMask(n, false);
                GradientChecks.fixNoise(n);
                INDArray unmasked = n.output(layout.input());
                VariationalLayers.setTrainMask(n, true);
                VariationalLayers.setInferenceMode(n, InferenceMode.DETERMINISTIC);
                assertFalse(masked[0].equalsWithEps(unmasked, 1e-9), "the mask changes the noisy pass");
                GradientChecks.fixNoise(n);
            }
        }), layout + " with the training-time mask");
        assertTrue(pruned[0] > 0.05 && pruned[0] < 0.95, "some weights start pruned: " + pruned[0]);
    }

    /** The check can fail: a KL gradient at half the KL of the score (a lost factor) is caught. */
    @Test
    void negativeControlKlGradientOffByAFactor() {
        int[] calls = {0};
        assertFalse(GradientChecks.check(Layout.DENSE.net(Parameterization.ADDITIVE, 1), Layout.DENSE.input(),
                Layout.DENSE.labels(), n -> {
                    GradientChecks.fixNoise(n);
                    // The first pass computes the analytic gradient with β = 0.5; the finite differences use β = 1.
                    VariationalLayers.setKlWeight(n, calls[0]++ == 0 ? 0.5 : 1.0);
                }));
    }

    /** The check can fail: noise redrawn between passes breaks the LRT gradient. */
    @Test
    void negativeControlNoiseNotFixed() {
        assertFalse(GradientChecks.check(Layout.DENSE.net(Parameterization.ADDITIVE, 0), Layout.DENSE.input(),
                Layout.DENSE.labels(), n -> { }));
    }
}
