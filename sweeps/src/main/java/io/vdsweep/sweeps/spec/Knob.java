package io.vdsweep.sweeps.spec;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.Preprocessor;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.MeanInit;
import io.vdsweep.core.nets.Variant;
import io.vdsweep.core.train.KlSchedule;
import io.vdsweep.core.train.LrSchedule;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting of a trial, declared once: its key in sweep files, results columns and {@code vdsweep train} flags,
 * what it means, its default, how a scalar is parsed and checked into its typed value, the canonical (JSON) form of
 * that value, and which {@link TrialConfig} component holds it. {@link #ALL} is the table, in column order (Spark
 * ML's {@code Params} is the model). Each knob may appear in a sweep's {@code base} or as a {@code grid} axis.
 *
 * @param <T> the typed value
 */
public final class Knob<T> {

    public static final Knob<Dataset> DATASET = new Knob<>("dataset", Dataset.MNIST,
            "mnist, fashion-mnist, cifar10, imdb or ptb-char", Dataset::fromId, Dataset::id, TrialConfig::dataset, true);
    public static final Knob<Architecture> ARCHITECTURE = new Knob<>("architecture", Architecture.LENET_300_100,
            "lenet-300-100, lenet-500-300, lenet-5-caffe, lenet-5-bn, vgg-like, lstm-imdb or lstm-char-ptb",
            Architecture::fromId, Architecture::id,
            TrialConfig::architecture, true);
    public static final Knob<Variant> VARIANT = new Knob<>("variant", Variant.SPARSE_VD, "no-dropout, binary-dropout, "
            + "gaussian-dropout, sparse-vd, vd-weight, vd-neuron, vd-layer, variance or sbp", Variant::fromId,
            Variant::id, TrialConfig::variant, true);
    public static final Knob<Double> WIDTH = new Knob<>("width", 1.0, "width multiplier k > 0", Knob::positiveDouble,
            v -> v, TrialConfig::width, true);
    public static final Knob<Boolean> LABELS = new Knob<>("labels", false, "true (the dataset's labels) or random "
            + "(uniform random training labels)", Knob::randomLabels, random -> random ? "random" : "true",
            TrialConfig::randomLabels, true);
    public static final Knob<Integer> EPOCHS = new Knob<>("epochs", 200, "epochs > 0", Knob::positiveInt, v -> v,
            TrialConfig::epochs, true);
    public static final Knob<Integer> BATCH = new Knob<>("batch", 100, "minibatch size > 0", Knob::positiveInt,
            v -> v, TrialConfig::batch, true);
    public static final Knob<Double> LR = new Knob<>("lr", 1e-3, "Adam learning rate > 0", Knob::positiveDouble,
            v -> v, TrialConfig::lr, true);
    public static final Knob<LrSchedule> LR_SCHEDULE = new Knob<>("lr_schedule", new LrSchedule.Constant(),
            "constant, linear, constant-then-linear:E or step:E1,E2xF", LrSchedule::parse, LrSchedule::describe,
            TrialConfig::lrSchedule, true);
    public static final Knob<KlSchedule> KL_SCHEDULE = new Knob<>("kl_schedule", new KlSchedule.Authors(),
            "authors, constant:B or ramp:S,D", KlSchedule::parse, KlSchedule::describe, TrialConfig::klSchedule, true);
    public static final Knob<Integer> ENSEMBLE = new Knob<>("ensemble", 10, "stochastic passes K > 0 for ensemble "
            + "accuracy", Knob::positiveInt, v -> v, TrialConfig::ensemble, true);
    public static final Knob<String> PRETRAINED = new Knob<>("pretrained", "", "path of a saved model whose weights "
            + "initialise the means, or empty", v -> v, v -> v, TrialConfig::pretrained, true);
    public static final Knob<Integer> TRAIN_LIMIT = new Knob<>("train_limit", 0, "use the first n training examples "
            + "(0 = all)", Knob::nonNegativeInt, v -> v, TrialConfig::trainLimit, true);
    public static final Knob<Integer> TEST_LIMIT = new Knob<>("test_limit", 0, "use the first n test examples "
            + "(0 = all)", Knob::nonNegativeInt, v -> v, TrialConfig::testLimit, true);
    public static final Knob<Optional<Preprocessor.Normalization>> NORMALIZATION = new Knob<>("normalization",
            Optional.empty(), "default, scale, mean-image or channel-standardize", Knob::normalization,
            n -> n.map(Preprocessor.Normalization::id).orElse("default"), TrialConfig::normalization, true);

    public static final Knob<MeanInit> INIT = new Knob<>("init", new MeanInit.Xavier(), "initialiser of the "
            + "variational layers' weight means: xavier, or normal:σ (the authors' normal:0.01)", MeanInit::parse,
            MeanInit::describe, TrialConfig::meanInit, false);
    public static final Knob<Double> LOG_SIGMA2_INIT = new Knob<>("log_sigma2_init", -10.0, "initial log σ² of "
            + "additive (Sparse VD) layers, initial log α of weight-, neuron- and layer-wise ones (the authors: -10, "
            + "-15 for vgg-like)", Knob::finiteDouble, v -> v, TrialConfig::logSigma2Init, false);
    public static final Knob<Boolean> TRAIN_MASK = new Knob<>("train_mask", false, "true: weights with log α > 3 are "
            + "zeroed in noisy (training) passes too, as the authors' train_clip for the LeNets; false: only in the "
            + "deterministic net", Knob::bool, v -> v, TrialConfig::trainMask, false);

    public static final Knob<Optional<Pretraining>> PRETRAIN = new Knob<>("pretrain", Optional.empty(), "train the "
            + "same config with a plain or dropout variant first and start from it: VARIANT or VARIANT:EPOCHS "
            + "(e.g. no-dropout:200), or none; variational and SBP variants only (plain ones ignore it)",
            Knob::pretraining, p -> p.map(Pretraining::describe).orElse("none"), TrialConfig::pretrain, false);

    /** Every knob, in results-column order. */
    public static final List<Knob<?>> ALL = List.of(DATASET, ARCHITECTURE, VARIANT, WIDTH, LABELS, EPOCHS, BATCH, LR,
            LR_SCHEDULE, KL_SCHEDULE, ENSEMBLE, PRETRAINED, TRAIN_LIMIT, TEST_LIMIT, NORMALIZATION, INIT,
            LOG_SIGMA2_INIT, TRAIN_MASK, PRETRAIN);

    private final String key;
    private final T defaultValue;
    private final String doc;
    private final Function<String, T> parser;
    private final Function<T, Object> canonical;
    private final Function<TrialConfig, T> component;
    private final boolean hashedWhenDefault;

    /**
     * @param hashedWhenDefault whether trial ids hash the knob even when it holds its default: true for the knobs
     *                          ids were first issued with (their ids must not change); false for every knob added
     *                          since, so that adding one leaves every existing trial id as it was
     */
    private Knob(String key, T defaultValue, String doc, Function<String, T> parser, Function<T, Object> canonical,
            Function<TrialConfig, T> component, boolean hashedWhenDefault) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.parser = parser;
        this.canonical = canonical;
        this.component = component;
        this.hashedWhenDefault = hashedWhenDefault;
    }

    /** The key in sweep files and the column name in results. */
    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** The typed value of a scalar; IllegalArgumentException with the reason when it is not valid. */
    public T parse(String scalar) {
        if (scalar == null) {
            throw new IllegalArgumentException("expected " + doc + ", found nothing");
        }
        try {
            return parser.apply(scalar.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + doc + ", found '" + scalar + "'");
        }
    }

    /** The value in {@code config}. */
    public T of(TrialConfig config) {
        return component.apply(config);
    }

    /** The JSON form of a value of this knob (String, Integer or Double): what ids hash and results columns hold. */
    @SuppressWarnings("unchecked")
    public Object canonical(Object value) {
        return canonical.apply((T) Objects.requireNonNull(value, key));
    }

    /** The canonical value of this knob in {@code config}. */
    public Object canonicalOf(TrialConfig config) {
        return canonical(of(config));
    }

    /** Whether trial ids hash this knob even when it holds its default (see the constructor). */
    boolean hashedWhenDefault() {
        return hashedWhenDefault;
    }

    /** Whether a config's trial id hashes this knob. */
    boolean hashed(TrialConfig config) {
        return hashedWhenDefault || !of(config).equals(defaultValue);
    }

    /** The knob with {@code key}, or null. */
    public static Knob<?> fromKey(String key) {
        for (Knob<?> k : ALL) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return key;
    }

    private static Double positiveDouble(String v) {
        double d = finiteDouble(v);
        if (!(d > 0)) {
            throw new IllegalArgumentException("must be > 0, found " + v);
        }
        return d;
    }

    private static Double finiteDouble(String v) {
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("must be a finite number, found " + v);
        }
        return d;
    }

    /** An int; a whole number beyond int's range says so rather than "not a number". */
    private static int integer(String v) {
        if (v.matches("[+-]?\\d+")) {
            long l;
            try {
                l = Long.parseLong(v);
            } catch (NumberFormatException e) {
                l = Long.MAX_VALUE;
            }
            if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
                throw new IllegalArgumentException("must be at most " + Integer.MAX_VALUE + ", found " + v);
            }
        }
        return Integer.parseInt(v);
    }

    private static Boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, found " + v);
        };
    }

    private static Integer positiveInt(String v) {
        int i = integer(v);
        if (i <= 0) {
            throw new IllegalArgumentException("must be > 0, found " + v);
        }
        return i;
    }

    private static Integer nonNegativeInt(String v) {
        int i = integer(v);
        if (i < 0) {
            throw new IllegalArgumentException("must be >= 0, found " + v);
        }
        return i;
    }

    private static Boolean randomLabels(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> false;
            case "random" -> true;
            default -> throw new IllegalArgumentException("must be true or random, found " + v);
        };
    }

    private static Optional<Pretraining> pretraining(String v) {
        return v.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(Pretraining.parse(v));
    }

    private static Optional<Preprocessor.Normalization> normalization(String v) {
        if (v.equalsIgnoreCase("default")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Preprocessor.Normalization.fromId(v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be default, scale, mean-image or channel-standardize, found " + v);
        }
    }
}
