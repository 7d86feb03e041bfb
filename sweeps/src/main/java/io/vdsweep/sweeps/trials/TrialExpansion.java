package io.vdsweep.sweeps.trials;

import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.spec.TrialConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Expands a sweep into trials: the cartesian product of the grid axes (file order, first axis slowest) times the
 * replicates, each point filled up with base values and then defaults. Ids and seeds are hashes of content, never
 * of position, so reordering or extending the grid leaves every existing trial's id and seed unchanged.
 */
public final class TrialExpansion {

    private TrialExpansion() {
    }

    public static List<Trial> expand(SweepSpec spec) {
        List<Map<Knob, Object>> points = new ArrayList<>();
        points.add(new EnumMap<>(Knob.class));
        for (Map.Entry<Knob, List<Object>> axis : spec.grid().entrySet()) {
            List<Map<Knob, Object>> next = new ArrayList<>();
            for (Map<Knob, Object> point : points) {
                for (Object value : axis.getValue()) {
                    Map<Knob, Object> extended = new EnumMap<>(Knob.class);
                    extended.putAll(point);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        List<Trial> trials = new ArrayList<>();
        for (Map<Knob, Object> point : points) {
            Map<Knob, Object> values = new EnumMap<>(Knob.class);
            for (Knob knob : Knob.values()) {
                values.put(knob, point.containsKey(knob) ? point.get(knob)
                        : spec.base().getOrDefault(knob, knob.defaultValue()));
            }
            for (long replicate : spec.replicates()) {
                trials.add(trial(spec, new TrialConfig(values, replicate)));
            }
        }
        return trials;
    }

    static Trial trial(SweepSpec spec, TrialConfig config) {
        Map<String, Object> group = new TreeMap<>(config.canonical());
        String groupKey = CanonicalJson.shortHash(CanonicalJson.write(group));
        Map<String, Object> identity = new TreeMap<>(group);
        identity.put("replicate", config.replicate());
        identity.put("sweep_seed", spec.seed());
        String json = CanonicalJson.write(identity);
        String id = CanonicalJson.shortHash(json);
        long seed = ByteBuffer.wrap(DigestUtils.sha256("seed:" + id)).getLong() & Long.MAX_VALUE;
        return new Trial(spec.name(), id, groupKey, seed, config, json);
    }
}
