/**
 * Sweep files and trial configs: the {@link io.vdsweep.sweeps.spec.Knob} table, the typed
 * {@link io.vdsweep.sweeps.spec.TrialConfig} with its canonical (hashed) form, the parsed and validated
 * {@link io.vdsweep.sweeps.spec.SweepSpec} with its grid expansion, and its parser.
 */
package io.vdsweep.sweeps.spec;
