/** Parquet results: the crash-safe {@link io.vdsweep.jobs.store.ResultStore} (append, resume, summary). */
package io.vdsweep.jobs.store;
