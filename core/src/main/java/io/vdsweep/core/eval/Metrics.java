package io.vdsweep.core.eval;

import io.vdsweep.core.layers.LayerSparsity;
import java.util.List;

/**
 * A trained trial's evaluation (Molchanov et al. 2017 Table 1; Neklyudov et al. 2019 Table 2). Accuracies are
 * fractions in [0, 1]; stochastic and ensemble values are NaN for nets without variational layers.
 *
 * @param testAccuracy           deterministic: weights at their means, log α > 3 pruned
 * @param testAccuracyStochastic one noise sample per example
 * @param testAccuracyEnsemble   predicted probabilities averaged over {@code ensembleSize} stochastic passes
 * @param ensembleSize           K
 * @param trainAccuracy          deterministic, on the labels actually trained on (random ones included)
 * @param testNll                deterministic mean negative log-likelihood on the test set (nats)
 * @param kl                     KL(q || p) of the whole net (Molchanov approximation; 0 for plain nets)
 * @param elbo                   ELBO estimate on the training set: −N·(stochastic mean NLL) − KL (nats)
 * @param sparsity               fraction of weights pruned over all weight layers
 * @param compression            |W| / |W ≠ 0|
 * @param layers                 per variational layer (empty for plain nets; per weight layer for SBP nets)
 * @param structure              units per level and FLOPs after removing the units pruning leaves useless
 * @param cpuSpeedup             measured inference time of the full plain net over that of the shrunk one
 *                               ({@link ShrunkNet})
 */
public record Metrics(double testAccuracy, double testAccuracyStochastic, double testAccuracyEnsemble,
        int ensembleSize, double trainAccuracy, double testNll, double kl, double elbo, double sparsity,
        double compression, List<LayerSparsity> layers, NetStructure structure, double cpuSpeedup) {

    public Metrics {
        layers = List.copyOf(layers);
        java.util.Objects.requireNonNull(structure, "structure");
    }

    /**
     * A compression ratio as tables and progress lines print it: {@code 25.8x}, or {@code all pruned} when no weight
     * remains (|W ≠ 0| = 0 makes the ratio infinite; Sparse VD on random labels gets there).
     */
    public static String compressionText(double compression) {
        return Double.isInfinite(compression) ? "all pruned" : String.format(java.util.Locale.ROOT, "%.1fx",
                compression);
    }

    /** Overall pruned fraction and |W| / |W ≠ 0| of a list of layers (0 and 1 when the list is empty). */
    public static double[] sparsityAndCompression(List<LayerSparsity> layers) {
        long weights = 0;
        long kept = 0;
        for (LayerSparsity layer : layers) {
            weights += layer.weights();
            kept += layer.keptWeights();
        }
        if (weights == 0) {
            return new double[] {0, 1};
        }
        return new double[] {1 - (double) kept / weights, kept == 0 ? Double.POSITIVE_INFINITY : (double) weights / kept};
    }
}
