package io.vdsweep.sweeps.trials;

import io.vdsweep.core.random.TrialSeeds;
import io.vdsweep.sweeps.spec.CanonicalJson;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.spec.TrialConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Expands a sweep into trials ({@link SweepSpec#configs()}, in that order), each pretraining run
 * ({@link io.vdsweep.sweeps.spec.Pretraining}) placed before the first trial that starts from it and listed once
 * however many trials it serves; a grid point whose config equals another's (a plain variant ignores pretrain) is
 * listed once too. Ids and seeds are hashes of content, never of position, so reordering or extending the grid
 * leaves every existing trial's id and seed unchanged.
 */
public final class TrialExpansion {

    private TrialExpansion() {
    }

    public static List<Trial> expand(SweepSpec spec) {
        Map<String, Trial> trials = new LinkedHashMap<>();
        Set<String> modelsKept = new HashSet<>();
        Map<Map<String, Object>, String> groupKeys = new HashMap<>();   // replicates share theirs: hashed once
        for (TrialConfig config : spec.configs()) {
            Trial trial = trial(spec, config, null, groupKeys);
            java.util.Optional<TrialConfig> pretrainingConfig = spec.pretrainingConfig(config);
            if (pretrainingConfig.isPresent()) {
                Trial pretraining = trial(spec, pretrainingConfig.get(), null, groupKeys);
                trials.putIfAbsent(pretraining.id(), pretraining);
                modelsKept.add(pretraining.id());
                trial = trial(spec, config, pretraining.id(), groupKeys);
            }
            trials.putIfAbsent(trial.id(), trial);
        }
        return trials.values().stream().map(t -> modelsKept.contains(t.id()) ? new Trial(t.sweep(), t.id(),
                t.groupKey(), t.seed(), t.config(), t.configJson(), t.pretrainedFrom(), true) : t).toList();
    }

    static Trial trial(SweepSpec spec, TrialConfig config, String pretrainedFrom,
            Map<Map<String, Object>, String> groupKeys) {
        Map<String, Object> group = config.identity();
        String groupKey = groupKeys.computeIfAbsent(group, g -> CanonicalJson.shortHash(CanonicalJson.write(g)));
        Map<String, Object> identity = new TreeMap<>(group);
        identity.put("replicate", config.replicate());
        identity.put("sweep_seed", spec.seed());
        String json = CanonicalJson.write(identity);
        String id = CanonicalJson.shortHash(json);
        return new Trial(spec.name(), id, groupKey, TrialSeeds.ofTrialId(id), config, json, pretrainedFrom, false);
    }
}
