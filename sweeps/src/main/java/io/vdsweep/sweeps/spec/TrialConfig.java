package io.vdsweep.sweeps.spec;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.Preprocessor;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.MeanInit;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.Variant;
import io.vdsweep.core.nets.VariationalRecipe;
import io.vdsweep.core.train.DataSpec;
import io.vdsweep.core.train.KlSchedule;
import io.vdsweep.core.train.LrSchedule;
import io.vdsweep.core.train.TrainSpec;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fully resolved, typed settings of one trial — one component per {@link Knob} — plus its replicate label.
 * Values are checked once, when a knob parses them (sweep file, {@code vdsweep train} flag or a results row's
 * {@code config_json}); this record turns them into core's specs.
 *
 * @param normalization empty for the dataset's default preprocessing
 * @param pretrained    a saved model whose weights initialise the means, or empty
 * @param meanInit      initialiser of the variational layers' weight means
 * @param logSigma2Init initial log σ² (additive) or log α (multiplicative forms)
 * @param trainMask     whether noisy passes zero the weights with log α above the threshold
 * @param pretrain      the pretraining step the trial starts from (always empty for plain variants)
 * @param replicate     the replicate label (an entry of {@code seeds}, or the repeat index)
 */
public record TrialConfig(Dataset dataset, Architecture architecture, Variant variant, double width,
        boolean randomLabels, int epochs, int batch, double lr, LrSchedule lrSchedule, KlSchedule klSchedule,
        int ensemble, String pretrained, int trainLimit, int testLimit,
        Optional<Preprocessor.Normalization> normalization, MeanInit meanInit, double logSigma2Init,
        boolean trainMask, Optional<Pretraining> pretrain, long replicate) {

    public TrialConfig {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(lrSchedule, "lr_schedule");
        Objects.requireNonNull(klSchedule, "kl_schedule");
        Objects.requireNonNull(pretrained, "pretrained");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(meanInit, "init");
        Objects.requireNonNull(pretrain, "pretrain");
        if (!variant.bayesian()) {
            pretrain = Optional.empty();        // a plain net has no means to start from a pretrained one
        }
    }

    /** A config from typed knob values ({@link Knob#parse}); knobs missing from {@code values} take their defaults. */
    public static TrialConfig of(Map<Knob<?>, Object> values, long replicate) {
        return new TrialConfig(get(values, Knob.DATASET), get(values, Knob.ARCHITECTURE), get(values, Knob.VARIANT),
                get(values, Knob.WIDTH), get(values, Knob.LABELS), get(values, Knob.EPOCHS), get(values, Knob.BATCH),
                get(values, Knob.LR), get(values, Knob.LR_SCHEDULE), get(values, Knob.KL_SCHEDULE),
                get(values, Knob.ENSEMBLE), get(values, Knob.PRETRAINED), get(values, Knob.TRAIN_LIMIT),
                get(values, Knob.TEST_LIMIT), get(values, Knob.NORMALIZATION), get(values, Knob.INIT),
                get(values, Knob.LOG_SIGMA2_INIT), get(values, Knob.TRAIN_MASK), get(values, Knob.PRETRAIN), replicate);
    }

    /** Knob → typed value of every knob: what {@link #of} rebuilds this config from. */
    public Map<Knob<?>, Object> values() {
        Map<Knob<?>, Object> values = new java.util.LinkedHashMap<>();
        for (Knob<?> knob : Knob.ALL) {
            values.put(knob, knob.of(this));
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Map<Knob<?>, Object> values, Knob<T> knob) {
        return values.containsKey(knob) ? (T) values.get(knob) : knob.defaultValue();
    }

    /**
     * Rebuilds a config from its canonical JSON (a trial's {@code config_json}): knob values are parsed and checked
     * as in sweep files; a knob that ids hash even at its default must be present, a newer one falls back to its
     * default; other keys (such as {@code sweep_seed}) are ignored.
     */
    public static TrialConfig fromCanonical(Map<String, Object> canonical) {
        Map<Knob<?>, Object> values = new java.util.HashMap<>();
        for (Knob<?> knob : Knob.ALL) {
            Object v = canonical.get(knob.key());
            if (v != null) {
                values.put(knob, knob.parse(String.valueOf(v)));
            } else if (knob.hashedWhenDefault()) {
                throw new IllegalArgumentException("config_json lacks " + knob.key());
            }
        }
        Object replicate = canonical.get("replicate");
        if (!(replicate instanceof Number n)) {
            throw new IllegalArgumentException("config_json lacks replicate");
        }
        return of(values, n.longValue());
    }

    /**
     * Knob key → canonical value of every knob the trial id hashes, sorted by key: every knob ids were first issued
     * with, and newer knobs only where they differ from their default (so adding a knob changes no existing id).
     */
    public Map<String, Object> identity() {
        Map<String, Object> map = new TreeMap<>();
        for (Knob<?> knob : Knob.ALL) {
            if (knob.hashed(this)) {
                map.put(knob.key(), knob.canonicalOf(this));
            }
        }
        return map;
    }

    /** The config of the pretraining run this trial starts from: its variant and epochs, nothing to pretrain. */
    public Optional<TrialConfig> pretrainingConfig() {
        return pretrain.map(p -> new TrialConfig(dataset, architecture, p.variant(), width, randomLabels,
                p.epochs() > 0 ? p.epochs() : epochs, batch, lr, lrSchedule, klSchedule, ensemble, pretrained,
                trainLimit, testLimit, normalization, meanInit, logSigma2Init, trainMask, Optional.empty(),
                replicate));
    }

    /** A short human-readable label: architecture/variant/k/dataset/labels/replicate. */
    public String label() {
        return architecture.id() + "/" + variant.id() + "/k=" + width + "/" + dataset.id() + "/labels="
                + Knob.LABELS.canonicalOf(this) + "/r" + replicate;
    }

    public NetSpec netSpec() {
        return new NetSpec(architecture, variant, width, new VariationalRecipe(meanInit, logSigma2Init, trainMask));
    }

    public TrainSpec trainSpec() {
        return new TrainSpec(epochs, batch, lr, lrSchedule, klSchedule, ensemble,
                pretrained.isEmpty() ? null : pretrained);
    }

    public DataSpec dataSpec() {
        return new DataSpec(dataset, randomLabels, normalization.orElse(DataSpec.defaultNormalization(dataset)),
                trainLimit, testLimit);
    }
}
