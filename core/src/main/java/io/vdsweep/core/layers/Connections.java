package io.vdsweep.core.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which unit-to-unit connections of a weight layer survive pruning, the input of structured metrics: for a dense
 * layer, output neuron j reads input neuron i; for a conv layer, filter j reads input channel i through any kernel
 * position. A plain layer keeps every nonzero weight; a variational one the weights with log α at or below the
 * threshold.
 *
 * @param kept        [out][in]
 * @param kernelArea  kH·kW for conv layers, 1 for dense ones
 * @param conv        whether the layer is a convolution
 */
public record Connections(boolean[][] kept, long kernelArea, boolean conv) {

    /** The connections of {@code layer}, or null when it is not a weight layer (pooling, batch norm, noise, loss). */
    public static Connections of(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (layer instanceof AbstractVariationalLayer<?> v) {
            VariationalLayerConfig c = (VariationalLayerConfig) conf;
            long[] shape = c.weightShape();
            long area = shape.length == 4 ? shape[2] * shape[3] : 1;
            INDArray mask = v.keptWeights().reshape('c', c.units(), c.fanIn() / area, area);
            return new Connections(toBooleans(mask.max(2)), area, shape.length == 4);
        }
        if (conf instanceof ConvolutionLayer) {
            INDArray w = layer.getParam("W");                        // [out, in, kH, kW]
            long area = w.size(2) * w.size(3);
            INDArray nonzero = w.neq(0).castTo(DataType.FLOAT).reshape('c', w.size(0), w.size(1), area).max(2);
            return new Connections(toBooleans(nonzero), area, true);
        }
        if (conf instanceof DenseLayer) {
            INDArray w = layer.getParam("W");                        // [in, out]
            return new Connections(toBooleans(w.neq(0).castTo(DataType.FLOAT).transpose()), 1, false);
        }
        return null;
    }

    private static boolean[][] toBooleans(INDArray matrix) {
        float[][] values = matrix.castTo(DataType.FLOAT).toFloatMatrix();
        boolean[][] kept = new boolean[values.length][];
        for (int j = 0; j < values.length; j++) {
            kept[j] = new boolean[values[j].length];
            for (int i = 0; i < values[j].length; i++) {
                kept[j][i] = values[j][i] != 0;
            }
        }
        return kept;
    }

    public int outputs() {
        return kept.length;
    }

    public int inputs() {
        return kept.length == 0 ? 0 : kept[0].length;
    }
}
