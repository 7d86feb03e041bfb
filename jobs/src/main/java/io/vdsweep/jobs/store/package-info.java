/**
 * Parquet results: the crash-safe {@link io.vdsweep.jobs.store.ResultStore} (group commit, resume, summary), the
 * one-driver-per-sweep {@link io.vdsweep.jobs.store.ResultsLock}, and {@link io.vdsweep.jobs.store.ResultsDoctor},
 * which checks and repairs a results path. Storage faults surface as one-line
 * {@link io.vdsweep.jobs.store.ResultsException}s.
 */
package io.vdsweep.jobs.store;
