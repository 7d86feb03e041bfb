package io.vdsweep.core.data;

import java.util.Objects;

/**
 * Turns raw 8-bit images into network inputs: {@code (pixel/256 − shift[f]) / scale[f]} for every feature f.
 * Fitted on the training set only and then applied unchanged to the test set, so no test statistics leak in.
 *
 * @param normalization how the shift and scale were derived
 * @param shift         per-feature value subtracted after scaling to [0, 1)
 * @param scale         per-feature divisor (1 unless standardising)
 */
public record Preprocessor(Normalization normalization, float[] shift, float[] scale) {

    /** The preprocessing variants used in the papers. */
    public enum Normalization {
        /** Pixels / 256, in [0, 1). */
        SCALE,
        /** Pixels / 256 minus the training set's mean image (MNIST in Molchanov et al. 2017). */
        MEAN_IMAGE,
        /** Pixels / 256 standardised per channel with the training set's mean and std (CIFAR-10). */
        CHANNEL_STANDARDIZE;

        /** The name in sweep files: scale, mean-image or channel-standardize. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Normalization fromId(String id) {
            for (Normalization n : values()) {
                if (n.id().equals(id.toLowerCase(java.util.Locale.ROOT))) {
                    return n;
                }
            }
            throw new IllegalArgumentException("unknown normalization '" + id
                    + "', expected scale, mean-image or channel-standardize");
        }
    }

    public Preprocessor {
        Objects.requireNonNull(normalization, "normalization");
        if (shift.length != scale.length) {
            throw new IllegalArgumentException("shift and scale differ in length: " + shift.length + " vs " + scale.length);
        }
    }

    /** Fits the statistics of {@code normalization} on a training set. */
    public static Preprocessor fit(ImageSet train, Normalization normalization) {
        int features = train.featureCount();
        float[] shift = new float[features];
        float[] scale = new float[features];
        java.util.Arrays.fill(scale, 1f);
        int n = train.count();
        byte[] px = train.pixels();
        switch (normalization) {
            case SCALE -> {
            }
            case MEAN_IMAGE -> {
                double[] sum = new double[features];
                for (int i = 0; i < n; i++) {
                    int base = i * features;
                    for (int f = 0; f < features; f++) {
                        sum[f] += px[base + f] & 0xFF;
                    }
                }
                for (int f = 0; f < features; f++) {
                    shift[f] = (float) (sum[f] / Math.max(1, n) / 256.0);
                }
            }
            case CHANNEL_STANDARDIZE -> {
                int plane = train.height() * train.width();
                for (int c = 0; c < train.channels(); c++) {
                    double sum = 0;
                    double sumSq = 0;
                    for (int i = 0; i < n; i++) {
                        int base = i * features + c * plane;
                        for (int p = 0; p < plane; p++) {
                            double v = (px[base + p] & 0xFF) / 256.0;
                            sum += v;
                            sumSq += v * v;
                        }
                    }
                    double count = Math.max(1.0, (double) n * plane);
                    double mean = sum / count;
                    double std = Math.sqrt(Math.max(1e-12, sumSq / count - mean * mean));
                    java.util.Arrays.fill(shift, c * plane, (c + 1) * plane, (float) mean);
                    java.util.Arrays.fill(scale, c * plane, (c + 1) * plane, (float) std);
                }
            }
            default -> throw new IllegalStateException(normalization.name());
        }
        return new Preprocessor(normalization, shift, scale);
    }

    /** Preprocessed features of every image, row-major: image i occupies [i·F, (i+1)·F). */
    public float[] apply(ImageSet images) {
        int features = images.featureCount();
        if (features != shift.length) {
            throw new IllegalArgumentException("preprocessor fitted on " + shift.length + " features, images have "
                    + features);
        }
        byte[] px = images.pixels();
        float[] out = new float[px.length];
        for (int i = 0; i < images.count(); i++) {
            int base = i * features;
            for (int f = 0; f < features; f++) {
                out[base + f] = ((px[base + f] & 0xFF) / 256f - shift[f]) / scale[f];
            }
        }
        return out;
    }
}
