package io.vdsweep.core.layers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;

/**
 * Runtime of {@link SimdAdam}: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², and the update written over g as
 * m·η_t/(√v + ε) with η_t = η·√(1 − β2^t)/(1 − β1^t), t = iteration + 1 — libnd4j's Adam, element by element, in
 * one SIMD pass ({@link AdamKernels}). Float arrays in host memory on a JVM with the Vector API; anything else goes
 * to DL4J's updater. Float rounding may differ from libnd4j's in the last bit (its compiler may fuse a multiply-add).
 */
final class SimdAdamUpdater extends AdamUpdater {

    private final SimdAdam config;
    private INDArray m;
    private INDArray v;

    SimdAdamUpdater(SimdAdam config) {
        super(config);
        this.config = config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        super.setState(stateMap, initialize);
        keepState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        super.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
        keepState();
    }

    private void keepState() {
        Map<String, INDArray> state = getState();
        m = state.get(M_STATE);
        v = state.get(V_STATE);
    }

    private static boolean contiguousFloats(INDArray a, long length) {
        return a.dataType() == DataType.FLOAT && a.length() == length && a.elementWiseStride() == 1;
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        long n = gradient.length();
        if (!HostArrays.simd() || n > Integer.MAX_VALUE / Float.BYTES || !contiguousFloats(gradient, n)
                || !contiguousFloats(m, n) || !contiguousFloats(v, n)) {
            super.applyUpdater(gradient, iteration, epoch);
            return;
        }
        float beta1 = (float) config.getBeta1();
        float beta2 = (float) config.getBeta2();
        float epsilon = (float) config.getEpsilon();
        float t = iteration + 1f;
        float beta1T = (float) Math.pow(beta1, t);
        float beta2T = (float) Math.pow(beta2, t);
        float lr = (float) config.getLearningRate(iteration, epoch);
        float step = (float) (lr * (float) Math.sqrt(1.0 - beta2T) / (1.0 - beta1T));
        if (Float.isNaN(step) || Float.isInfinite(step) || step == 0) {
            step = epsilon;           // as libnd4j does
        }
        AdamKernels.update(KlApproximation.bytes(gradient), KlApproximation.bytes(m), KlApproximation.bytes(v),
                (int) n, beta1, beta2, epsilon, step);
        KlApproximation.written(gradient, m, v);
    }
}
