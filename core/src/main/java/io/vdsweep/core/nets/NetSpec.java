package io.vdsweep.core.nets;

import java.util.Objects;

/**
 * What defines a network apart from its input: architecture, variant, width multiplier k and how its variational
 * layers start. The input shape is the dataset's ({@link NetBuilder#build}), so the two cannot disagree. Validated
 * here, once, for objects built in code and from sweep files alike.
 *
 * @param architecture the network
 * @param variant      dropout baseline or variational parameterization
 * @param width        k, multiplies every layer's width (int(w·k), at least 1 or rejected)
 * @param recipe       initialisation and training-time mask of the variational layers (ignored by plain ones)
 */
public record NetSpec(Architecture architecture, Variant variant, double width, VariationalRecipe recipe) {

    /** A net with the default recipe. */
    public NetSpec(Architecture architecture, Variant variant, double width) {
        this(architecture, variant, width, VariationalRecipe.DEFAULT);
    }

    public NetSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(recipe, "recipe");
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("width: must be > 0, found " + width);
        }
    }

    /** A layer width {@code base} scaled by k; rejects a k that empties it. */
    public int scaled(int base) {
        int units = (int) (base * width);
        if (units < 1) {
            throw new IllegalArgumentException("width: k = " + width + " makes a " + base + "-unit layer of "
                    + architecture.id() + " empty (int(" + base + " * " + width + ") = 0)");
        }
        return units;
    }
}
