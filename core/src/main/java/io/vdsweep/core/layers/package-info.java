/**
 * Variational layers for DL4J: {@link io.vdsweep.core.layers.DenseVariational} and
 * {@link io.vdsweep.core.layers.ConvVariational} (configurations) with hand-written backprop through the local
 * reparameterization trick, every posterior of the Variance Networks comparison
 * ({@link io.vdsweep.core.layers.Parameterization}), the Molchanov KL approximation
 * ({@link io.vdsweep.core.layers.KlApproximation}), inference modes and per-layer sparsity.
 * {@link io.vdsweep.core.layers.VariationalLayers} drives them across a network (KL weight, training-set size,
 * inference mode, sparsity). Beside them: {@link io.vdsweep.core.layers.SbpNoise}, the log-normal multiplicative
 * noise of Structured Bayesian Pruning (its distribution in {@link io.vdsweep.core.layers.TruncatedLogNormal}), and
 * {@link io.vdsweep.core.layers.VariationalLstm} and {@link io.vdsweep.core.layers.VariationalEmbedding}, Sparse VD for
 * recurrent nets (the LSTM on top of DL4J's own). The plain nets' conv, max-pooling and ReLU layers
 * ({@link io.vdsweep.core.layers.PlainConvolution}, {@link io.vdsweep.core.layers.MaxPooling},
 * {@link io.vdsweep.core.layers.Relu}) and batch norm's helper keep DL4J's configurations but run vdsweep's kernels,
 * where DL4J's paths were several times slower (each class says why).
 */
package io.vdsweep.core.layers;
