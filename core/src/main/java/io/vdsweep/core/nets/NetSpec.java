package io.vdsweep.core.nets;

import java.util.Objects;

/**
 * Everything that defines a network: architecture, variant, width multiplier k and the input it reads.
 * Validated here, once, for objects built in code and from sweep files alike.
 *
 * @param architecture the network
 * @param variant      dropout baseline or variational parameterization
 * @param width        k, multiplies every layer's width (int(w·k), at least 1 or rejected)
 * @param channels     input channels
 * @param height       input height
 * @param imageWidth   input width
 * @param classes      output classes
 */
public record NetSpec(Architecture architecture, Variant variant, double width, int channels, int height,
        int imageWidth, int classes) {

    public NetSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("width: must be > 0, found " + width);
        }
        if (channels <= 0 || height <= 0 || imageWidth <= 0) {
            throw new IllegalArgumentException("input shape: must be positive, found " + channels + "x" + height + "x"
                    + imageWidth);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes: must be >= 2, found " + classes);
        }
        if (architecture == Architecture.VGG_LIKE && (height < 32 || imageWidth < 32)) {
            throw new IllegalArgumentException("vgg-like needs inputs of at least 32x32 (five 2x2 poolings), found "
                    + height + "x" + imageWidth);
        }
        if (architecture == Architecture.LENET_5_CAFFE && (height < 16 || imageWidth < 16)) {
            throw new IllegalArgumentException("lenet-5-caffe needs inputs of at least 16x16, found " + height + "x"
                    + imageWidth);
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

    /** Input features per example (C·H·W). */
    public int inputFeatures() {
        return channels * height * imageWidth;
    }
}
