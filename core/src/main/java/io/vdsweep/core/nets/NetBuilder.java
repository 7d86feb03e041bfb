package io.vdsweep.core.nets;

import io.vdsweep.core.layers.ConvVariational;
import io.vdsweep.core.layers.DenseVariational;
import io.vdsweep.core.layers.DropoutLstm;
import io.vdsweep.core.layers.MaxPooling;
import io.vdsweep.core.layers.PlainConvolution;
import io.vdsweep.core.layers.Relu;
import io.vdsweep.core.layers.SimdAdam;
import io.vdsweep.core.layers.SbpNoise;
import io.vdsweep.core.layers.VariationalEmbedding;
import io.vdsweep.core.layers.VariationalLstm;
import io.vdsweep.core.layers.VariationalSettings;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import io.vdsweep.core.data.Dataset;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J configuration of a {@link NetSpec}. Every variant has the same weight layers in the same order
 * (dropout is a property of a layer; only SBP adds layers, its noise layers), so a checkpoint of one variant
 * initialises another ({@code PretrainedInit}).
 * Weight layers end in a linear layer followed by a softmax {@link LossLayer}, so the last weight layer can be
 * variational too (Molchanov et al. report its sparsity).
 */
public final class NetBuilder {

    /**
     * Binary-dropout rates of the VGG-like baseline (Zagoruyko's CIFAR-10 VGG, as in Molchanov et al. 2017 and their
     * code, bayesgroup/variational-dropout-sparsifies-dnn, experiments/vgglike): between the two convs of the first
     * block, between the convs of the other blocks — never after a max-pool — and before the last dense.
     */
    private static final double VGG_FIRST_DROP = 0.3;
    private static final double VGG_CONV_DROP = 0.4;
    private static final double DENSE_DROP = 0.5;
    /** Conv layers per VGG-like block (each block ends in a max-pool); their widths are the architecture's. */
    private static final int[] VGG_BLOCKS = {2, 2, 3, 3, 3};
    /** Batch-norm ε of the VGG-like net in the authors' code (DL4J's default is 1e-5). */
    private static final double VGG_BATCH_NORM_EPS = 1e-3;

    private final NetSpec spec;
    private final Dataset input;
    private final java.util.Iterator<Integer> widths;
    private boolean firstWeightLayer = true;

    private NetBuilder(NetSpec spec, Dataset input) {
        this.spec = spec;
        this.input = input;
        this.widths = spec.layerWidths().iterator();
    }

    /**
     * The configuration of {@code spec} reading {@code input}'s images, seeded, with Adam at {@code learningRate}
     * (schedules change it later); IllegalArgumentException when the architecture is not defined for the input or
     * k empties a layer.
     */
    public static MultiLayerConfiguration build(NetSpec spec, Dataset input, long seed, double learningRate) {
        spec.requireBuildableFor(input);
        return new NetBuilder(spec, input).configuration(seed, learningRate);
    }

    private MultiLayerConfiguration configuration(long seed, double learningRate) {
        NeuralNetConfiguration.Builder net = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).updater(new SimdAdam(learningRate)).weightInit(WeightInit.XAVIER);
        if (spec.architecture() == Architecture.LSTM_CHAR_PTB) {
            // Lobacheva et al. 2017 clip the character model's gradients at norm 1
            net.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(1);
        }
        NeuralNetConfiguration.ListBuilder list = net.list();
        switch (spec.architecture()) {
            case LENET_300_100, LENET_500_300 -> {
                sbpNoise(list);
                list.layer(dense(widths.next(), Activation.RELU, 0));
                sbpNoise(list);
                list.layer(dense(widths.next(), Activation.RELU, DENSE_DROP));
                sbpNoise(list);
                list.layer(output(DENSE_DROP));
            }
            case LENET_5_CAFFE -> {
                list.layer(conv(5, widths.next(), ConvolutionMode.Truncate, Activation.RELU, 0));
                sbpNoise(list);
                list.layer(maxPool());
                list.layer(conv(5, widths.next(), ConvolutionMode.Truncate, Activation.RELU, 0));
                sbpNoise(list);
                list.layer(maxPool());
                list.layer(dense(widths.next(), Activation.RELU, DENSE_DROP));
                sbpNoise(list);
                list.layer(output(DENSE_DROP));
            }
            case LENET_5_BN -> {
                // The Variance Networks code's plain net drops out (1/2) only the dense layer's inputs.
                for (int c = 0; c < 2; c++) {
                    list.layer(conv(5, widths.next(), ConvolutionMode.Truncate, Activation.IDENTITY, 0));
                    list.layer(new BatchNormalization.Builder().build());
                    list.layer(new Relu());
                    sbpNoise(list);
                    list.layer(maxPool());
                }
                list.layer(dense(widths.next(), Activation.IDENTITY, DENSE_DROP));
                list.layer(new BatchNormalization.Builder().build());
                list.layer(new Relu());
                sbpNoise(list);
                list.layer(output(0));
            }
            case VGG_LIKE -> {
                for (int block = 0; block < VGG_BLOCKS.length; block++) {
                    for (int c = 0; c < VGG_BLOCKS[block]; c++) {
                        double drop = c == 0 ? 0 : block == 0 ? VGG_FIRST_DROP : VGG_CONV_DROP;
                        list.layer(conv(3, widths.next(), ConvolutionMode.Same, Activation.IDENTITY, drop));
                        list.layer(new BatchNormalization.Builder().eps(VGG_BATCH_NORM_EPS).build());
                        list.layer(new Relu());
                        sbpNoise(list);
                    }
                    list.layer(maxPool());
                }
                list.layer(dense(widths.next(), Activation.IDENTITY, 0));
                list.layer(new BatchNormalization.Builder().eps(VGG_BATCH_NORM_EPS).build());
                list.layer(new Relu());
                sbpNoise(list);
                list.layer(output(DENSE_DROP));
            }
            case LSTM_IMDB -> {
                list.layer(embedding(widths.next()));
                list.layer(new LastTimeStep(lstm(widths.next())));
                list.layer(output(0));
            }
            case LSTM_CHAR_PTB -> {
                list.layer(lstm(widths.next()));
                list.layer(output(0));               // at every step: DL4J folds the steps into rows around it
            }
            default -> throw new IllegalStateException(spec.architecture().name());
        }
        if (widths.hasNext()) {
            throw new IllegalStateException(spec.architecture().id() + ": its widths name more layers than it builds");
        }
        if (spec.architecture() == Architecture.LSTM_CHAR_PTB) {
            list.layer(new RnnLossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                    .dataFormat(RNNFormat.NCW).build());
        } else {
            list.layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                    .build());
        }
        // a recurrent net's input size is its vocabulary: one-hot characters, or the ids an embedding looks up
        list.setInputType(spec.architecture().recurrent()
                ? InputType.recurrent(input.vocabulary(), input.sequenceLength())
                : spec.architecture().convolutional()
                        ? InputType.convolutional(input.side(), input.side(), input.channels())
                        : InputType.feedForward((long) input.channels() * input.side() * input.side()));
        return list.build();
    }

    /** A word embedding of the dataset's vocabulary; the first layer, so no input gradient either way. */
    private Layer embedding(int dimension) {
        if (spec.variant().variational()) {
            return new VariationalEmbedding.Builder().nIn(input.vocabulary()).nOut(dimension).settings(settings())
                    .build();
        }
        firstWeightLayer = false;
        return new EmbeddingSequenceLayer.Builder().nIn(input.vocabulary()).nOut(dimension)
                .outputDataFormat(RNNFormat.NCW).build();
    }

    /**
     * An LSTM (tanh, sigmoid gates, DL4J's forget-gate bias 1): variational for Sparse VD, with binary dropout on W^h
     * (keep 1/2, as the feed-forward baselines drop their dense inputs) for {@code binary-dropout}.
     */
    private Layer lstm(int units) {
        if (spec.variant().variational()) {
            return new VariationalLstm.Builder().nOut(units).settings(settings()).build();
        }
        firstWeightLayer = false;
        if (spec.variant() == Variant.BINARY_DROPOUT) {
            return new DropoutLstm.Builder().nOut(units).keep(1 - DENSE_DROP).build();
        }
        return new LSTM.Builder().nOut(units).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build();
    }

    /**
     * In an SBP net, a noise layer on the units of what precedes it: a flat net's inputs and every hidden layer's
     * neurons or filters (after its activation; the logits keep all their units). Other variants add nothing.
     */
    private void sbpNoise(NeuralNetConfiguration.ListBuilder list) {
        if (spec.variant() == Variant.SBP) {
            list.layer(new SbpNoise.Builder().build());
        }
    }

    /** Variational settings of the next weight layer: the first one skips the input gradient DL4J discards. */
    private VariationalSettings settings() {
        VariationalSettings s = new VariationalSettings(spec.variant().parameterization());
        s.setInputGradient(!firstWeightLayer);
        s.setLogVarianceInit(spec.recipe().logSigma2Init());
        s.setTrainMask(spec.recipe().trainMask());
        firstWeightLayer = false;
        return s;
    }

    /** A dense layer; {@code dropBefore} is the binary-dropout rate on its input (baseline variant only). */
    private Layer dense(int units, Activation activation, double dropBefore) {
        if (spec.variant().variational()) {
            DenseVariational.Builder b = new DenseVariational.Builder().nOut(units).activation(activation)
                    .settings(settings());
            spec.recipe().meanInit().apply(b);
            return b.build();
        }
        firstWeightLayer = false;
        DenseLayer.Builder b = new DenseLayer.Builder().nOut(units).activation(activation);
        if (dropBefore > 0 && spec.variant() == Variant.BINARY_DROPOUT) {
            b.dropOut(1 - dropBefore);          // DL4J takes the retain probability
        }
        return b.build();
    }

    /**
     * The logits layer: like the other weight layers, except in a variance network, where it keeps a mean (a plain
     * layer). Logits of a zero-mean layer carry the class only in their spread, and the argmax of zero-mean noise is
     * chance: measured on LeNet-300-100 (10k MNIST images, 5 epochs), an all-variance net stays at 11% stochastic and
     * ensemble accuracy while one with a plain logits layer learns. {@code dropBefore} as for {@link #dense}.
     */
    private Layer output(double dropBefore) {
        if (spec.variant() == Variant.VARIANCE) {
            return new DenseLayer.Builder().nOut(input.classes()).activation(Activation.IDENTITY).build();
        }
        return dense(input.classes(), Activation.IDENTITY, dropBefore);
    }

    private Layer conv(int kernel, int filters, ConvolutionMode mode, Activation activation, double dropBefore) {
        if (spec.variant().variational()) {
            ConvVariational.Builder b = new ConvVariational.Builder(kernel, kernel).nOut(filters).convolutionMode(mode)
                    .activation(activation).settings(settings());
            spec.recipe().meanInit().apply(b);
            return b.build();
        }
        ConvolutionLayer.Builder b = new PlainConvolution.Builder(kernel, kernel).inputGradient(!firstWeightLayer)
                .nOut(filters).convolutionMode(mode).activation(activation);
        firstWeightLayer = false;
        if (dropBefore > 0 && spec.variant() == Variant.BINARY_DROPOUT) {
            b.dropOut(1 - dropBefore);
        }
        return b.build();
    }

    private static Layer maxPool() {
        return new MaxPooling.Builder().build();
    }
}
