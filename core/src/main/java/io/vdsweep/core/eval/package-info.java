/**
 * Evaluation of a trained trial: deterministic, stochastic and ensemble accuracy, NLL, KL, an ELBO estimate,
 * per-layer sparsity, the units and FLOPs left after pruning ({@link io.vdsweep.core.eval.NetStructure}) and the
 * measured CPU speed-up of the shrunk net ({@link io.vdsweep.core.eval.ShrunkNet}), as a
 * {@link io.vdsweep.core.eval.Metrics} record.
 */
package io.vdsweep.core.eval;
