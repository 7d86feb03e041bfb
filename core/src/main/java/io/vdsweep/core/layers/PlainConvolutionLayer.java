package io.vdsweep.core.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link PlainConvolution}: DL4J's convolution layer with its forward and backward pass replaced by
 * {@link ConvKernels}. With the identity activation of the VGG-like convs (batch norm and ReLU follow as layers),
 * backprop needs no second forward pass.
 */
public final class PlainConvolutionLayer extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {

    private static final String W = ConvolutionParamInitializer.WEIGHT_KEY;
    private static final String B = ConvolutionParamInitializer.BIAS_KEY;

    private transient Buffers buffers;

    public PlainConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        helper = null;              // DL4J's oneDNN helper is replaced, not consulted
    }

    private Buffers buffers() {
        if (buffers == null) {
            buffers = new Buffers(dataType);
        }
        return buffers;
    }

    private INDArray checkedInput() {
        INDArray x = input.castTo(dataType);
        if (x.rank() != 4 || x.size(1) != layerConf().getNIn()) {
            throw new IllegalArgumentException("layer " + getIndex() + " (PlainConvolution): expected input [batch, "
                    + layerConf().getNIn() + ", height, width], found " + java.util.Arrays.toString(x.shape()));
        }
        return x;
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        INDArray x = checkedInput();
        ConvKernels.Geometry g = ConvKernels.Geometry.of(layerConf());
        INDArray z = mgr.createUninitialized(forBackprop ? ArrayType.BP_WORKING_MEM : ArrayType.ACTIVATIONS,
                dataType, g.outputShape(x.shape(), layerConf().getNOut()), 'c');
        ConvKernels.forward(x, getParamWithNoise(W, training, mgr), getParamWithNoise(B, training, mgr), z, g);
        return new Pair<>(z, null);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray x = checkedInput();
        INDArray delta = layerConf().getActivationFn() instanceof ActivationIdentity ? epsilon
                : layerConf().getActivationFn().backprop(preOutput(true, true, mgr).getFirst(), epsilon).getFirst();
        INDArray gradW = gradientViews.get(W);
        INDArray gradB = gradientViews.get(B);
        ChannelSums.into(delta, gradB);
        INDArray epsNext = ((PlainConvolution) layerConf()).isInputGradient()
                ? mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c') : null;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ConvKernels.backward(x, getParamWithNoise(W, true, mgr), delta, gradW, epsNext,
                    ConvKernels.Geometry.of(layerConf()), buffers());
        }
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(B, gradB);
        gradient.setGradientFor(W, gradW, 'c');
        weightNoiseParams.clear();
        return new Pair<>(gradient, epsNext == null ? null : backpropDropOutIfPresent(epsNext));
    }
}
