/**
 * Running sweeps on Spark: the {@link io.vdsweep.jobs.run.SweepDriver}, the task-per-trial and parameter-averaging
 * executions, GPU pinning, build provenance.
 */
package io.vdsweep.jobs.run;
