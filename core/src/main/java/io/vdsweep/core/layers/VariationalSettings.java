package io.vdsweep.core.layers;

import java.io.Serializable;
import java.util.Objects;

/**
 * The variational part of a layer's configuration, shared by the dense and the convolutional layer. A mutable bean
 * because DL4J's configurations are (they are serialized to JSON through getters and setters) and because the KL
 * weight, the training-set size and the inference mode change between epochs without rebuilding the network.
 * Setters validate, so a bad value fails where it is set.
 */
public final class VariationalSettings implements Serializable, Cloneable {

    private static final long serialVersionUID = 1L;

    private Parameterization parameterization = Parameterization.ADDITIVE;
    /** Initial log σ² (additive) or log α (weight, neuron, layer); −10 as in the authors' code. */
    private double logVarianceInit = -10;
    /** Fixed α of {@link Parameterization#GAUSSIAN_DROPOUT}; α = p/(1−p), so 1 is binary dropout p = 0.5. */
    private double dropoutAlpha = 1;
    /** KL weight β of the SGVLB (warm-up drives it from 0 to 1). */
    private double klWeight = 1;
    /** N, the training-set size: the KL enters the per-example loss as β·KL/N. */
    private long trainingSetSize = 1;
    /** Weights with log α above this are pruned (3 in Molchanov et al. 2017). */
    private double pruneThreshold = 3;
    /** log α is clipped to [−clip, clip] (8 in the authors' code). */
    private double logAlphaClip = 8;
    private InferenceMode inferenceMode = InferenceMode.DETERMINISTIC;
    /**
     * Zero the weights with log α above the threshold in noisy passes too (the authors' {@code train_clip} for the
     * LeNets), for the forms that prune by log α; off by default.
     */
    private boolean trainMask;
    /**
     * Whether backprop computes dL/dinput. The network builder turns it off for a first layer that has no input
     * preprocessor: DL4J discards that gradient, and it costs two of the layer's six products.
     */
    private boolean inputGradient = true;

    public VariationalSettings() {
    }

    public VariationalSettings(Parameterization parameterization) {
        setParameterization(parameterization);
    }

    public Parameterization getParameterization() {
        return parameterization;
    }

    public void setParameterization(Parameterization parameterization) {
        this.parameterization = Objects.requireNonNull(parameterization, "parameterization");
    }

    public double getLogVarianceInit() {
        return logVarianceInit;
    }

    public void setLogVarianceInit(double logVarianceInit) {
        if (!Double.isFinite(logVarianceInit)) {
            throw new IllegalArgumentException("logVarianceInit must be finite, found " + logVarianceInit);
        }
        this.logVarianceInit = logVarianceInit;
    }

    public double getDropoutAlpha() {
        return dropoutAlpha;
    }

    public void setDropoutAlpha(double dropoutAlpha) {
        if (!(dropoutAlpha > 0 && dropoutAlpha <= 1)) {
            throw new IllegalArgumentException("dropoutAlpha must be in (0, 1] (Kingma's Gaussian dropout), found "
                    + dropoutAlpha);
        }
        this.dropoutAlpha = dropoutAlpha;
    }

    public double getKlWeight() {
        return klWeight;
    }

    public void setKlWeight(double klWeight) {
        if (!(klWeight >= 0) || Double.isInfinite(klWeight)) {
            throw new IllegalArgumentException("klWeight must be >= 0, found " + klWeight);
        }
        this.klWeight = klWeight;
    }

    public long getTrainingSetSize() {
        return trainingSetSize;
    }

    public void setTrainingSetSize(long trainingSetSize) {
        if (trainingSetSize <= 0) {
            throw new IllegalArgumentException("trainingSetSize must be > 0, found " + trainingSetSize);
        }
        this.trainingSetSize = trainingSetSize;
    }

    public double getPruneThreshold() {
        return pruneThreshold;
    }

    public void setPruneThreshold(double pruneThreshold) {
        this.pruneThreshold = pruneThreshold;
    }

    public double getLogAlphaClip() {
        return logAlphaClip;
    }

    public void setLogAlphaClip(double logAlphaClip) {
        if (!(logAlphaClip > 0)) {
            throw new IllegalArgumentException("logAlphaClip must be > 0, found " + logAlphaClip);
        }
        this.logAlphaClip = logAlphaClip;
    }

    public boolean isTrainMask() {
        return trainMask;
    }

    public void setTrainMask(boolean trainMask) {
        this.trainMask = trainMask;
    }

    public InferenceMode getInferenceMode() {
        return inferenceMode;
    }

    public void setInferenceMode(InferenceMode inferenceMode) {
        this.inferenceMode = Objects.requireNonNull(inferenceMode, "inferenceMode");
    }

    public boolean isInputGradient() {
        return inputGradient;
    }

    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    /** The factor of KL in the per-example loss: β / N. */
    public double klScale() {
        return klWeight / trainingSetSize;
    }

    @Override
    public VariationalSettings clone() {
        try {
            return (VariationalSettings) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VariationalSettings s && s.parameterization == parameterization
                && s.logVarianceInit == logVarianceInit && s.dropoutAlpha == dropoutAlpha && s.klWeight == klWeight
                && s.trainingSetSize == trainingSetSize && s.pruneThreshold == pruneThreshold
                && s.logAlphaClip == logAlphaClip && s.inferenceMode == inferenceMode
                && s.inputGradient == inputGradient && s.trainMask == trainMask;
    }

    @Override
    public int hashCode() {
        return Objects.hash(parameterization, logVarianceInit, dropoutAlpha, klWeight, trainingSetSize, pruneThreshold,
                logAlphaClip, inferenceMode, inputGradient, trainMask);
    }

    @Override
    public String toString() {
        return "VariationalSettings{parameterization=" + parameterization + ", logVarianceInit=" + logVarianceInit
                + ", dropoutAlpha=" + dropoutAlpha + ", klWeight=" + klWeight + ", trainingSetSize=" + trainingSetSize
                + ", pruneThreshold=" + pruneThreshold + ", logAlphaClip=" + logAlphaClip + ", inferenceMode="
                + inferenceMode + ", inputGradient=" + inputGradient + ", trainMask=" + trainMask + "}";
    }
}
