/**
 * One trial without Spark: data and training specs, learning-rate and KL-weight schedules, the training loop with
 * divergence detection and per-epoch checkpoints, pretrained initialisation, and {@link
 * io.vdsweep.core.train.TrialRunner} tying them together.
 */
package io.vdsweep.core.train;
