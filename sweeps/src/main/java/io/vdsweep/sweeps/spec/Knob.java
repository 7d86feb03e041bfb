package io.vdsweep.sweeps.spec;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.Variant;
import io.vdsweep.core.train.KlSchedule;
import io.vdsweep.core.train.LrSchedule;
import java.util.Locale;
import java.util.function.Function;

/**
 * Every setting of a trial, as it is spelled in sweep files. Each may appear in {@code base} or as a {@code grid}
 * axis. A knob parses a scalar into its canonical value (String, Integer, Double or Boolean) and checks it, so a
 * value is validated the same way wherever it is written.
 */
public enum Knob {
    DATASET("dataset", "mnist", "mnist, fashion-mnist or cifar10", v -> Dataset.fromId(v).id()),
    ARCHITECTURE("architecture", "lenet-300-100", "lenet-300-100, lenet-5-caffe or vgg-like",
            v -> Architecture.fromId(v).id()),
    VARIANT("variant", "sparse-vd", "no-dropout, binary-dropout, gaussian-dropout, sparse-vd, vd-weight, "
            + "vd-neuron, vd-layer or variance", v -> Variant.fromId(v).id()),
    WIDTH("width", 1.0, "width multiplier k > 0", v -> positiveDouble(v)),
    LABELS("labels", "true", "true (the dataset's labels) or random (uniform random training labels)", Knob::labels),
    EPOCHS("epochs", 200, "epochs > 0", v -> positiveInt(v)),
    BATCH("batch", 100, "minibatch size > 0", v -> positiveInt(v)),
    LR("lr", 1e-3, "Adam learning rate > 0", v -> positiveDouble(v)),
    LR_SCHEDULE("lr_schedule", "constant", "constant, linear, constant-then-linear:E or step:E1,E2xF",
            v -> LrSchedule.parse(v).describe()),
    KL_SCHEDULE("kl_schedule", "authors", "authors, constant:B or ramp:S,D", v -> KlSchedule.parse(v).describe()),
    ENSEMBLE("ensemble", 10, "stochastic passes K > 0 for ensemble accuracy", v -> positiveInt(v)),
    PRETRAINED("pretrained", "", "path of a saved model whose weights initialise the means, or empty", v -> v),
    TRAIN_LIMIT("train_limit", 0, "use the first n training examples (0 = all)", v -> nonNegativeInt(v)),
    TEST_LIMIT("test_limit", 0, "use the first n test examples (0 = all)", v -> nonNegativeInt(v)),
    NORMALIZATION("normalization", "default", "default, scale, mean-image or channel-standardize",
            Knob::normalization);

    private final String key;
    private final Object defaultValue;
    private final String doc;
    private final Function<String, Object> parser;

    Knob(String key, Object defaultValue, String doc, Function<String, Object> parser) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.parser = parser;
    }

    /** The key in sweep files and the column name in results. */
    public String key() {
        return key;
    }

    public Object defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** The canonical value of a scalar; IllegalArgumentException with the reason when it is not valid. */
    public Object parse(String scalar) {
        if (scalar == null) {
            throw new IllegalArgumentException("expected " + doc + ", found nothing");
        }
        try {
            return parser.apply(scalar.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + doc + ", found '" + scalar + "'");
        }
    }

    public static Knob fromKey(String key) {
        for (Knob k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }

    private static Object positiveDouble(String v) {
        double d = Double.parseDouble(v);
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("must be > 0, found " + v);
        }
        return d;
    }

    private static Object positiveInt(String v) {
        int i = Integer.parseInt(v);
        if (i <= 0) {
            throw new IllegalArgumentException("must be > 0, found " + v);
        }
        return i;
    }

    private static Object nonNegativeInt(String v) {
        int i = Integer.parseInt(v);
        if (i < 0) {
            throw new IllegalArgumentException("must be >= 0, found " + v);
        }
        return i;
    }

    private static Object labels(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("random")) {
            throw new IllegalArgumentException("must be true or random, found " + v);
        }
        return s;
    }

    private static Object normalization(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (!s.equals("default") && !s.equals("scale") && !s.equals("mean-image") && !s.equals("channel-standardize")) {
            throw new IllegalArgumentException("must be default, scale, mean-image or channel-standardize, found " + v);
        }
        return s;
    }
}
