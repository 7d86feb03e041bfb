/**
 * The results tables (trials, epochs, summary): each column declared once with its type, doc and how it is filled
 * from a typed attempt ({@link io.vdsweep.sweeps.schema.Table}), shared by the rows, the writer, the readers and
 * docs/results.md; provenance.
 */
package io.vdsweep.sweeps.schema;
