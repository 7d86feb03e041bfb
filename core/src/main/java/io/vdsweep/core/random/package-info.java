/**
 * Where every random stream of a trial comes from: {@link io.vdsweep.core.random.TrialSeeds} derives them all from
 * the trial's one seed, so a trial is reproducible from its results row whatever executes it.
 */
package io.vdsweep.core.random;
