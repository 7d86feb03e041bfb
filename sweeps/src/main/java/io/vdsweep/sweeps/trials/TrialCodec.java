package io.vdsweep.sweeps.trials;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdsweep.sweeps.spec.TrialConfig;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * A trial as plain strings and numbers, for shipping to Spark executors: the config travels as its canonical JSON
 * and is re-validated on arrival, the same way a rerun from a results row's {@code config_json} would be.
 *
 * @param sweep      sweep name
 * @param id         trial id
 * @param groupKey   group key
 * @param seed       derived seed
 * @param configJson canonical config JSON
 * @param pretrainedFrom the pretraining trial's id, or null
 * @param keepsModel     whether the trial's model is saved for others
 */
public record TrialCodec(String sweep, String id, String groupKey, long seed, String configJson,
        String pretrainedFrom, boolean keepsModel) implements Serializable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static TrialCodec of(Trial trial) {
        return new TrialCodec(trial.sweep(), trial.id(), trial.groupKey(), trial.seed(), trial.configJson(),
                trial.pretrainedFrom(), trial.keepsModel());
    }

    public Trial trial() {
        try {
            Map<String, Object> canonical = MAPPER.readValue(configJson, new TypeReference<Map<String, Object>>() { });
            return new Trial(sweep, id, groupKey, seed, TrialConfig.fromCanonical(canonical), configJson,
                    pretrainedFrom, keepsModel);
        } catch (IOException e) {
            throw new IllegalArgumentException("config_json is not JSON: " + e.getMessage(), e);
        }
    }
}
