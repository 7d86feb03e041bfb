package io.vdsweep.core.layers;

/** The runtime of a {@link BayesianLayerConfig}: its share of the network's KL(q || p). */
public interface BayesianLayer {

    /** KL(q || p) of this layer's parameters, not scaled by β/N. */
    double kl();
}
