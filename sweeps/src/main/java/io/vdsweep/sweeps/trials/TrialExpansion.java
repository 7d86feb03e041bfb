package io.vdsweep.sweeps.trials;

import io.vdsweep.core.random.TrialSeeds;
import io.vdsweep.sweeps.spec.CanonicalJson;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.spec.TrialConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Expands a sweep into trials ({@link SweepSpec#configs()}, in that order). Ids and seeds are hashes of content,
 * never of position, so reordering or extending the grid leaves every existing trial's id and seed unchanged.
 */
public final class TrialExpansion {

    private TrialExpansion() {
    }

    public static List<Trial> expand(SweepSpec spec) {
        return spec.configs().stream().map(config -> trial(spec, config)).toList();
    }

    static Trial trial(SweepSpec spec, TrialConfig config) {
        Map<String, Object> group = config.identity();
        String groupKey = CanonicalJson.shortHash(CanonicalJson.write(group));
        Map<String, Object> identity = new TreeMap<>(group);
        identity.put("replicate", config.replicate());
        identity.put("sweep_seed", spec.seed());
        String json = CanonicalJson.write(identity);
        String id = CanonicalJson.shortHash(json);
        return new Trial(spec.name(), id, groupKey, TrialSeeds.ofTrialId(id), config, json);
    }
}
