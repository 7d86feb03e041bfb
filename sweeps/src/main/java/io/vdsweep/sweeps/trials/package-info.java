/** Expansion of a sweep into {@link io.vdsweep.sweeps.trials.Trial}s with stable ids and derived seeds; cost estimates. */
package io.vdsweep.sweeps.trials;
