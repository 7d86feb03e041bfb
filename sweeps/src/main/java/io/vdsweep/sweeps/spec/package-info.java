/** Sweep files: the knobs of a trial, the parsed and validated {@link io.vdsweep.sweeps.spec.SweepSpec}, its parser. */
package io.vdsweep.sweeps.spec;
