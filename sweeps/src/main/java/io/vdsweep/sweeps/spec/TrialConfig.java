package io.vdsweep.sweeps.spec;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.Preprocessor;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.Variant;
import io.vdsweep.core.train.DataSpec;
import io.vdsweep.core.train.KlSchedule;
import io.vdsweep.core.train.LrSchedule;
import io.vdsweep.core.train.TrainSpec;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fully resolved settings of one trial: a value for every {@link Knob} (explicit or default) plus the replicate
 * label. Turns itself into core's typed specs.
 *
 * @param values    canonical value of every knob
 * @param replicate the replicate label (an entry of {@code seeds}, or the repeat index)
 */
public record TrialConfig(Map<Knob, Object> values, long replicate) {

    public TrialConfig {
        EnumMap<Knob, Object> copy = new EnumMap<>(Knob.class);
        for (Knob knob : Knob.values()) {
            Object v = values.get(knob);
            if (v == null) {
                throw new IllegalArgumentException("trial config lacks " + knob.key());
            }
            copy.put(knob, v);
        }
        values = Collections.unmodifiableMap(copy);
    }

    public String string(Knob knob) {
        return (String) values.get(knob);
    }

    public int integer(Knob knob) {
        return (Integer) values.get(knob);
    }

    public double number(Knob knob) {
        return ((Number) values.get(knob)).doubleValue();
    }

    public Dataset dataset() {
        return Dataset.fromId(string(Knob.DATASET));
    }

    public boolean randomLabels() {
        return string(Knob.LABELS).equals("random");
    }

    public NetSpec netSpec() {
        Dataset d = dataset();
        return new NetSpec(Architecture.fromId(string(Knob.ARCHITECTURE)), Variant.fromId(string(Knob.VARIANT)),
                number(Knob.WIDTH), d.channels(), d.side(), d.side(), d.classes());
    }

    public TrainSpec trainSpec() {
        String pretrained = string(Knob.PRETRAINED);
        return new TrainSpec(integer(Knob.EPOCHS), integer(Knob.BATCH), number(Knob.LR),
                LrSchedule.parse(string(Knob.LR_SCHEDULE)), KlSchedule.parse(string(Knob.KL_SCHEDULE)),
                integer(Knob.ENSEMBLE), pretrained.isEmpty() ? null : pretrained);
    }

    public DataSpec dataSpec() {
        Dataset d = dataset();
        Preprocessor.Normalization normalization = switch (string(Knob.NORMALIZATION)) {
            case "scale" -> Preprocessor.Normalization.SCALE;
            case "mean-image" -> Preprocessor.Normalization.MEAN_IMAGE;
            case "channel-standardize" -> Preprocessor.Normalization.CHANNEL_STANDARDIZE;
            default -> DataSpec.defaultNormalization(d);
        };
        return new DataSpec(d, randomLabels(), normalization, integer(Knob.TRAIN_LIMIT), integer(Knob.TEST_LIMIT));
    }

    /**
     * Rebuilds a config from its canonical JSON (a trial's {@code config_json}): every knob, {@code replicate};
     * other keys (such as {@code sweep_seed}) are ignored. Values are checked as in sweep files.
     */
    public static TrialConfig fromCanonical(Map<String, Object> canonical) {
        EnumMap<Knob, Object> values = new EnumMap<>(Knob.class);
        for (Knob knob : Knob.values()) {
            Object v = canonical.get(knob.key());
            if (v == null) {
                throw new IllegalArgumentException("config_json lacks " + knob.key());
            }
            values.put(knob, knob.parse(String.valueOf(v)));
        }
        Object replicate = canonical.get("replicate");
        if (!(replicate instanceof Number n)) {
            throw new IllegalArgumentException("config_json lacks replicate");
        }
        return new TrialConfig(values, n.longValue());
    }

    /** Knob key → value, sorted by key (the canonical form hashed into ids). */
    public Map<String, Object> canonical() {
        Map<String, Object> map = new TreeMap<>();
        values.forEach((k, v) -> map.put(k.key(), v));
        return map;
    }
}
