package io.vdsweep.core.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link DropoutLstm}: DL4J's LSTM reading W^h through its weight-noise hook, which this layer answers in
 * a training pass with W^h's rows scaled by z/keep, z ~ Bernoulli(keep) per hidden unit, drawn at the forward pass
 * and kept for its backprop; there dL/dW^h = dL/dW'∘(z/keep) row by row (masked rows get no data gradient).
 */
public final class DropoutLstmLayer extends LSTM {

    private static final String RW = LSTMParamInitializer.RECURRENT_WEIGHT_KEY;

    /** z/keep per hidden unit, as a column [n, 1], of the current training pass; null outside one. */
    private transient INDArray scale;

    public DropoutLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        scale = null;
        return super.activate(training, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        scale = null;
        return super.activate(input, training, workspaceMgr);
    }

    @Override
    protected INDArray getParamWithNoise(String param, boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray value = getParam(param);
        if (!training || !param.equals(RW)) {
            return value;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (scale == null) {
                double keep = ((DropoutLstm) layerConf()).getKeep();
                scale = Nd4j.rand(dataType, value.size(0), 1).lt(keep).castTo(dataType).divi(keep);
            }
            return value.mulColumnVector(scale);           // W^h is [n (from h), 4n]: row i reads hidden unit i
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return masked(super.backpropGradient(epsilon, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
            LayerWorkspaceMgr workspaceMgr) {
        return masked(super.tbpttBackpropGradient(epsilon, tbpttBackLength, workspaceMgr));
    }

    private Pair<Gradient, INDArray> masked(Pair<Gradient, INDArray> result) {
        if (scale == null) {
            throw new IllegalStateException("backprop without a training forward pass " + layerId());
        }
        gradientViews.get(RW).muliColumnVector(scale);
        scale = null;
        return result;
    }
}
