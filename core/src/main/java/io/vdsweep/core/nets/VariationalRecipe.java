package io.vdsweep.core.nets;

import java.util.Objects;

/**
 * How a net's variational layers start and how their noisy passes treat pruned weights. The defaults are vdsweep's
 * historical ones; the authors' recipes (Molchanov et al. 2017, code at bayesgroup/variational-dropout-sparsifies-dnn)
 * use N(0, 0.01²) means, log σ² = −10 (−15 for VGG-like) and, for the LeNets, the training-time mask.
 *
 * @param meanInit      initialiser of the weight means
 * @param logSigma2Init initial log σ² of additive layers (initial log α of weight-, neuron- and layer-wise ones)
 * @param trainMask     zero the weights with log α above the pruning threshold in noisy passes too (the authors'
 *                      {@code train_clip}), not only in the deterministic net
 */
public record VariationalRecipe(MeanInit meanInit, double logSigma2Init, boolean trainMask) {

    public static final VariationalRecipe DEFAULT = new VariationalRecipe(new MeanInit.Xavier(), -10, false);

    public VariationalRecipe {
        Objects.requireNonNull(meanInit, "meanInit");
        if (!Double.isFinite(logSigma2Init)) {
            throw new IllegalArgumentException("log_sigma2_init: must be finite, found " + logSigma2Init);
        }
    }
}
