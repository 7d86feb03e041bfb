/**
 * Running sweeps on Spark: the {@link io.vdsweep.jobs.run.SweepDriver} (expansion, resume, retries, summary), one
 * {@code TrialExecution} per mode — a trial in one Spark task, or a trial on the driver whose epochs an
 * {@code AveragingEpochFitter} spreads over executors with dl4j-spark parameter averaging — both training through
 * core's {@link io.vdsweep.core.train.TrialRunner}; GPU pinning, native-build selection on executors, provenance.
 */
package io.vdsweep.jobs.run;
