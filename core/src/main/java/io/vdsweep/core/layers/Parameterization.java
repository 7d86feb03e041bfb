package io.vdsweep.core.layers;

/**
 * The posterior q(w) of a variational layer. Every form is trained with the local reparameterization trick
 * (Kingma et al. 2015): a layer samples its pre-activations from N(x·M, x²·V) where M and V are the per-weight mean
 * and variance below. Variance Networks (Neklyudov et al. 2019, §3) compares them.
 */
public enum Parameterization {

    /** Sparse VD (Molchanov et al. 2017): q = N(θ, σ²), parameters θ and log σ²; log α = log σ² − log θ². Prunes. */
    ADDITIVE(true, true),
    /** Weight-wise multiplicative: w = μ(1 + √α_ij ε), parameters μ and log α_ij. Prunes. */
    WEIGHT(true, true),
    /** Neuron-wise: one α per output unit (dense) or filter (conv), q = N(μ_ij, α_j μ_ij²). Prunes. */
    NEURON(true, true),
    /** Layer-wise: one α for the layer, q = N(μ_ij, α μ_ij²). Prunes. */
    LAYER(true, true),
    /**
     * Variance layer: q = N(0, σ²), no means; its KL to the log-uniform prior is a constant. Everything is pruned.
     * Its output depends on the input only through x², so inputs centred by a mean (MNIST minus its mean image) lose
     * the sign that tells ink from background; Neklyudov et al. feed MNIST pixels in [0, 1].
     */
    VARIANCE(false, true),
    /** Kingma's Gaussian dropout with a fixed α ≤ 1 (no learned variance, no KL): the baseline. Never prunes. */
    GAUSSIAN_DROPOUT(true, false);

    private final boolean hasMean;
    private final boolean learnsVariance;

    Parameterization(boolean hasMean, boolean learnsVariance) {
        this.hasMean = hasMean;
        this.learnsVariance = learnsVariance;
    }

    /** Whether the layer has a mean weight parameter {@code W}. */
    public boolean hasMean() {
        return hasMean;
    }

    /** Whether the variance is a learned parameter (and so enters the KL and the pruning rule). */
    public boolean learnsVariance() {
        return learnsVariance;
    }

    /** Whether weights are pruned where log α exceeds the threshold (the forms with a mean and a learned α). */
    public boolean prunesByThreshold() {
        return hasKl();
    }

    /** Whether the parameterization has an approximate KL term that depends on its parameters. */
    public boolean hasKl() {
        return this == ADDITIVE || this == WEIGHT || this == NEURON || this == LAYER;
    }
}
