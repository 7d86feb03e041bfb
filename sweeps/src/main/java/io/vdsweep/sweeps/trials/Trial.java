package io.vdsweep.sweeps.trials;

import io.vdsweep.sweeps.spec.TrialConfig;

/**
 * One point of a sweep: the unit of work, retry, resume and provenance.
 *
 * @param sweep      sweep name
 * @param id         hash of the canonical resolved config (knobs, replicate, sweep seed): stable across reruns and
 *                   grid edits
 * @param groupKey   hash of the config without the replicate: trials that differ only by seed share it
 * @param seed       RNG seed derived from the id (which hashes the sweep seed), so adding a grid point changes no
 *                   other seed
 * @param config     the resolved settings
 * @param configJson canonical JSON of the config (what the id hashes)
 * @param pretrainedFrom id of the pretraining trial whose model this trial starts from, or null
 * @param keepsModel     whether other trials start from this one's model (it is saved when the trial ends)
 */
public record Trial(String sweep, String id, String groupKey, long seed, TrialConfig config, String configJson,
        String pretrainedFrom, boolean keepsModel) {

    /** A trial that neither starts from nor serves a pretraining run. */
    public Trial(String sweep, String id, String groupKey, long seed, TrialConfig config, String configJson) {
        this(sweep, id, groupKey, seed, config, configJson, null, false);
    }

    /** A short human-readable label: architecture/variant/k/dataset/labels/replicate. */
    public String label() {
        return config.label();
    }
}
