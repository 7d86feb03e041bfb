package io.vdsweep.core.layers;

/**
 * A layer configuration with a KL term in the objective: the variational weight layers and the SBP noise layer. Its
 * {@link VariationalSettings} carry what a schedule changes between epochs (KL weight β, training-set size N,
 * inference mode); fields a layer has no use for (a noise layer has no parameterization) are ignored by it.
 */
public interface BayesianLayerConfig {

    VariationalSettings getVariational();

    void setVariational(VariationalSettings variational);
}
