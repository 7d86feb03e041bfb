/**
 * One trial, the same way whatever executes it: data and training specs, learning-rate and KL-weight schedules, the
 * training loop ({@link io.vdsweep.core.train.Trainer}: schedules, noise seeds, divergence detection, per-epoch
 * metrics and checkpoints) around a pluggable {@link io.vdsweep.core.train.EpochFitter} (local here; parameter
 * averaging in the jobs module), pretrained initialisation, and {@link io.vdsweep.core.train.TrialRunner} tying them
 * together.
 */
package io.vdsweep.core.train;
