/** The results tables' schema (trials, epochs, summary), column docs and provenance, shared by writer and readers. */
package io.vdsweep.sweeps.schema;
