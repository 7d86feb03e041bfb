package io.vdsweep.core.layers;

/**
 * How a variational layer computes its output outside training (Neklyudov et al. 2019 report all three).
 * Ensembles are K {@link #STOCHASTIC} passes whose predicted probabilities are averaged by the evaluator.
 */
public enum InferenceMode {
    /** Weights at their means, with weights of log α above the threshold set to zero where the posterior prunes. */
    DETERMINISTIC,
    /** One noise sample per pass (through the local reparameterization trick, as in training). */
    STOCHASTIC
}
