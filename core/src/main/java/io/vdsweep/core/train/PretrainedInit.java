package io.vdsweep.core.train;

import java.io.File;
import java.io.IOException;
import io.vdsweep.core.layers.SbpNoise;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.vdsweep.core.layers.DenseVariational;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Initialises a network from a saved one of the same architecture (the authors start LeNet-5 and VGG-like Sparse VD
 * from a pretrained dropout net; SBP from a pretrained plain one). Layers are matched in order, SBP noise layers left
 * out (they start at their own initialisation), and parameters by name: weights {@code W} become the
 * means, biases and batch-norm parameters are copied, variance parameters (log σ², log α) keep their
 * initialisation. A plain dense layer stores W as [nIn, nOut] and a variational one as [nOut, nIn] (unit-major);
 * W is copied through the transpose between the two (a shape check alone cannot tell a square matrix apart). A plain
 * conv kernel [out, in, kH, kW] and a variational one [out, in·kH·kW] hold the same numbers in the same order.
 */
public final class PretrainedInit {

    private PretrainedInit() {
    }

    /** Copies the matching parameters of the model saved at {@code file} into {@code target}. */
    public static void apply(MultiLayerNetwork target, File file) {
        MultiLayerNetwork source;
        try {
            source = ModelSerializer.restoreMultiLayerNetwork(file, false);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("pretrained: cannot read model " + file + ": " + e.getMessage(), e);
        }
        List<org.deeplearning4j.nn.api.Layer> from = matched(source);
        List<org.deeplearning4j.nn.api.Layer> to = matched(target);
        if (from.size() != to.size()) {
            throw new IllegalArgumentException("pretrained: " + file + " has " + from.size()
                    + " layers besides SBP noise layers, the network has " + to.size());
        }
        for (int i = 0; i < to.size(); i++) {
            Map<String, INDArray> params = from.get(i).paramTable();
            for (Map.Entry<String, INDArray> param : to.get(i).paramTable().entrySet()) {
                INDArray value = params.get(param.getKey());
                if (value == null) {
                    continue;
                }
                boolean transpose = param.getKey().equals("W") && unitMajor(from.get(i)) != unitMajor(to.get(i));
                copy(transpose ? value.transpose() : value, param.getValue(), to.get(i).getIndex(), param.getKey(),
                        file);
            }
        }
    }

    /** The layers matched by order: all but SBP noise layers, which keep their initialisation. */
    private static List<org.deeplearning4j.nn.api.Layer> matched(MultiLayerNetwork net) {
        return Arrays.stream(net.getLayers()).filter(l -> !(l.conf().getLayer() instanceof SbpNoise)).toList();
    }

    /** Dense weights of variational layers are [nOut, nIn]; DL4J's dense layers store [nIn, nOut]. */
    private static boolean unitMajor(org.deeplearning4j.nn.api.Layer layer) {
        return layer.conf().getLayer() instanceof DenseVariational;
    }

    private static void copy(INDArray from, INDArray to, int layer, String key, File file) {
        if (Arrays.equals(from.shape(), to.shape())) {
            to.assign(from);
        } else if (from.isVector() && to.isVector() && from.length() == to.length()) {
            to.assign(from.reshape(to.shape()));          // biases: [n] in DL4J layers, [1, n] in ours
        } else if ((from.rank() == 4) != (to.rank() == 4) && from.length() == to.length()) {
            // conv kernels: [out, in, kH, kW] in DL4J layers; ours keep the same kernel as the unit-major matrix
            // [out, in·kH·kW], both in 'c' order
            to.assign(from.reshape('c', to.shape()));
        } else {
            throw new IllegalArgumentException("pretrained: " + file + " layer " + layer + " parameter " + key
                    + " has shape " + Arrays.toString(from.shape()) + ", the network needs "
                    + Arrays.toString(to.shape()));
        }
    }
}
