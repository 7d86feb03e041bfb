package io.vdsweep.core.layers;

import static io.vdsweep.core.layers.KlApproximation.K1;
import static io.vdsweep.core.layers.KlApproximation.K2;
import static io.vdsweep.core.layers.KlApproximation.K3;

/** Molchanov et al. 2017, eq. 14, one log α at a time in plain doubles: the reference the fused kernel is tested on. */
final class ScalarKl {

    private ScalarKl() {
    }

    /** KL for one log α. */
    static double kl(double logAlpha) {
        return K1 - K1 * sigmoid(K2 + K3 * logAlpha) + 0.5 * softplus(-logAlpha);
    }

    /** d KL / d log α for one log α. */
    static double klDerivative(double logAlpha) {
        double s = sigmoid(K2 + K3 * logAlpha);
        return -K1 * K3 * s * (1 - s) - 0.5 * sigmoid(-logAlpha);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }
}
