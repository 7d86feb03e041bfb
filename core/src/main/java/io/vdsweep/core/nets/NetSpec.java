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

    /**
     * The checks {@link NetBuilder#build} makes before it builds — the architecture reads the input, comes in the
     * variant, and k leaves every layer a unit — without Deeplearning4j, so validating a sweep of any size never
     * starts ND4J; an IllegalArgumentException names the first problem.
     */
    public void requireBuildableFor(io.vdsweep.core.data.Dataset input) {
        architecture.requireAccepts(input);
        architecture.requireSupports(variant);
        layerWidths();
    }

    /** The architecture's layer widths ({@link Architecture#widths}) scaled by k, each at least one unit. */
    public java.util.List<Integer> layerWidths() {
        return architecture.widths().stream().map(this::scaled).toList();
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
