/**
 * Evaluation of a trained trial: deterministic, stochastic and ensemble accuracy, NLL, KL, an ELBO estimate and
 * per-layer sparsity, as a {@link io.vdsweep.core.eval.Metrics} record.
 */
package io.vdsweep.core.eval;
