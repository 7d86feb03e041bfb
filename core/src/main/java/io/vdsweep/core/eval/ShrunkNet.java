package io.vdsweep.core.eval;

import io.vdsweep.core.layers.SbpNoise;
import io.vdsweep.core.layers.VariationalLayerConfig;
import java.util.Arrays;
import java.util.Iterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CPU inference speed-up of a pruned net, measured as Neklyudov et al. 2017 (Table 1) measure it: a plain DL4J
 * net with only the units that remain ({@link NetStructure}) against the plain net of full width, same layers, same
 * batch of 100, timed alternately, fastest pass of each. Noise layers are gone (their E[θ] folds into the weights)
 * and so is dropout. A conv net's dense layer keeps every position of the channels that remain (DL4J flattens whole
 * channels), so for conv nets the figure is a lower bound of what dropping single positions would give.
 */
public final class ShrunkNet {

    private static final int BATCH = 100;
    private static final long BUDGET_NANOS = 800_000_000L;
    private static final int WARM_UP = 3;
    private static final int MIN_PASSES = 7;
    private static final int MAX_PASSES = 50;

    private ShrunkNet() {
    }

    /**
     * Time per batch of the full plain net over that of the shrunk one (fastest of alternating passes); {@code example}
     * [1, ...] is one input of {@code net}. NaN for a net without unit structure (recurrent nets); exactly 1, not
     * timed, when no unit can go (a plain net, or one not yet pruned): the shrunk net is then the full one, and
     * timing a net against itself would only add the host's noise and, for small trials, most of their cost.
     */
    public static double measuredSpeedup(MultiLayerNetwork net, NetStructure structure, INDArray example) {
        if (structure.units().isEmpty()) {
            return Double.NaN;
        }
        if (structure.unitsKept().equals(structure.units())) {
            return 1.0;
        }
        long[] kept = structure.layers().stream().mapToLong(l -> l.units() - l.deadUnits()).toArray();
        long[] full = structure.layers().stream().mapToLong(l -> l.units()).toArray();
        long fullInput = structure.units().get(0);
        long keptInput = Math.max(1, structure.unitsKept().get(0));
        MultiLayerNetwork fullNet = plain(net, full, example.shape(), fullInput);
        MultiLayerNetwork keptNet = plain(net, kept, example.shape(), keptInput);
        INDArray fullBatch = batch(example.shape(), fullInput);
        INDArray keptBatch = batch(example.shape(), keptInput);
        for (int i = 0; i < WARM_UP; i++) {
            fullNet.output(fullBatch);
            keptNet.output(keptBatch);
        }
        // alternating passes, so a load that comes and goes on the host weighs on both nets alike
        double[] fullTimes = new double[MAX_PASSES];
        double[] keptTimes = new double[MAX_PASSES];
        int passes = 0;
        long start = System.nanoTime();
        while (passes < MAX_PASSES && (passes < MIN_PASSES || System.nanoTime() - start < BUDGET_NANOS)) {
            fullTimes[passes] = seconds(fullNet, fullBatch);
            keptTimes[passes] = seconds(keptNet, keptBatch);
            passes++;
        }
        return fastest(fullTimes, passes) / fastest(keptTimes, passes);
    }

    private static double seconds(MultiLayerNetwork net, INDArray x) {
        long t = System.nanoTime();
        net.output(x);
        return (System.nanoTime() - t) / 1e9;
    }

    /** The least disturbed pass: other work on the host only ever adds time. */
    private static double fastest(double[] values, int n) {
        return Arrays.stream(values, 0, n).min().orElseThrow();
    }

    /** A batch of {@link #BATCH} inputs shaped like {@code exampleShape} with {@code units} features. */
    private static INDArray batch(long[] exampleShape, long units) {
        long[] shape = exampleShape.clone();
        shape[0] = BATCH;
        shape[1] = units;
        return Nd4j.valueArrayOf(shape, 0.5f, DataType.FLOAT);       // values do not matter; the RNG stays untouched
    }

    /**
     * The plain counterpart of {@code net} with {@code widths[i]} units in its i-th weight layer, reading inputs of
     * {@code exampleShape} with {@code inputUnits} features or channels.
     */
    static MultiLayerNetwork plain(MultiLayerNetwork net, long[] widths, long[] exampleShape, long inputUnits) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).list();
        Iterator<Long> width = Arrays.stream(widths).iterator();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (conf instanceof SbpNoise) {
                continue;
            }
            if (conf instanceof ConvolutionLayer c) {
                list.layer(new ConvolutionLayer.Builder(c.getKernelSize()).stride(c.getStride())
                        .padding(c.getPadding()).convolutionMode(c.getConvolutionMode())
                        .activation(c.getActivationFn()).nOut(Math.max(1, width.next())).build());
            } else if (conf instanceof DenseLayer || conf instanceof VariationalLayerConfig) {
                list.layer(new DenseLayer.Builder().activation(((BaseLayer) conf).getActivationFn())
                        .nOut(Math.max(1, width.next())).build());
            } else if (conf instanceof BatchNormalization) {
                list.layer(new BatchNormalization.Builder().build());
            } else {
                Layer copy = conf.clone();
                copy.setIDropout(null);
                list.layer(copy);
            }
        }
        list.setInputType(exampleShape.length == 4
                ? InputType.convolutional(exampleShape[2], exampleShape[3], inputUnits)
                : InputType.feedForward(inputUnits));
        MultiLayerNetwork plain = new MultiLayerNetwork(list.build());
        plain.init();
        return plain;
    }
}
