package io.vdsweep.core.nets;

import io.vdsweep.core.layers.Parameterization;
import java.util.Locale;

/**
 * How a network's weight layers are regularised: the baselines (no dropout, binary dropout, Gaussian dropout) and
 * the variational parameterizations compared by Neklyudov et al. 2019 ({@link Parameterization}).
 */
public enum Variant {
    NO_DROPOUT("no-dropout", null),
    BINARY_DROPOUT("binary-dropout", null),
    /** Kingma's Gaussian dropout with fixed α = p/(1−p) = 1 (p = 0.5). */
    GAUSSIAN_DROPOUT("gaussian-dropout", Parameterization.GAUSSIAN_DROPOUT),
    /** Sparse VD (Molchanov et al. 2017). */
    SPARSE_VD("sparse-vd", Parameterization.ADDITIVE),
    VD_WEIGHT("vd-weight", Parameterization.WEIGHT),
    VD_NEURON("vd-neuron", Parameterization.NEURON),
    VD_LAYER("vd-layer", Parameterization.LAYER),
    VARIANCE("variance", Parameterization.VARIANCE),
    /**
     * Structured Bayesian Pruning (Neklyudov et al. 2017): plain weight layers, each hidden layer's neurons or filters
     * (and a flat net's inputs) scaled by log-normal multiplicative noise that prunes whole units.
     */
    SBP("sbp", null);

    private final String id;
    private final Parameterization parameterization;

    Variant(String id, Parameterization parameterization) {
        this.id = id;
        this.parameterization = parameterization;
    }

    public String id() {
        return id;
    }

    /** The variational layers' parameterization, or null for plain DL4J layers. */
    public Parameterization parameterization() {
        return parameterization;
    }

    public boolean variational() {
        return parameterization != null;
    }

    /** Whether the net has a KL term: variational weight layers or SBP noise layers. */
    public boolean bayesian() {
        return variational() || this == SBP;
    }

    public static Variant fromId(String id) {
        for (Variant v : values()) {
            if (v.id.equals(id.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Variant v : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(v.id);
        }
        throw new IllegalArgumentException("unknown variant '" + id + "', expected one of " + known);
    }
}
