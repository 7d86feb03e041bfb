package io.vdsweep.core.layers;

/**
 * Sparsity of one variational layer: a weight is pruned when its log α exceeds the threshold (Molchanov et al. 2017
 * prune at log α > 3); every weight of a variance layer counts as pruned (its mean is 0) and Gaussian dropout, with
 * its fixed α, prunes none. For conv layers a unit is a filter, and a filter whose weights are all pruned can be
 * removed.
 *
 * @param index       the layer's index in the network
 * @param name        the layer's name (may be null)
 * @param type        the layer's configuration class ({@code DenseVariational} or {@code ConvVariational})
 * @param weights     number of weights (biases excluded)
 * @param keptWeights weights with log α ≤ threshold
 * @param units       output units (dense) or filters (conv)
 * @param deadUnits   units whose incoming weights are all pruned
 */
public record LayerSparsity(int index, String name, String type, long weights, long keptWeights, long units,
        long deadUnits) {

    public LayerSparsity {
        if (weights < 0 || keptWeights < 0 || keptWeights > weights || deadUnits < 0 || deadUnits > units) {
            throw new IllegalArgumentException("inconsistent sparsity counts: weights=" + weights + " kept="
                    + keptWeights + " units=" + units + " dead=" + deadUnits);
        }
    }

    /** Fraction of weights pruned, in [0, 1]. */
    public double prunedFraction() {
        return weights == 0 ? 0 : 1.0 - (double) keptWeights / weights;
    }
}
