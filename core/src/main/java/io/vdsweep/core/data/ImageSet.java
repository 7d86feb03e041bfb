package io.vdsweep.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled images as they are stored on disk: unsigned 8-bit pixels in channel-major order (CHW per image).
 * Kept as bytes (one quarter of the memory of floats); {@link Preprocessor} turns them into network inputs.
 *
 * @param pixels   count × channels × height × width unsigned bytes
 * @param labels   one class index in [0, classes) per image
 * @param channels colour channels (1 for MNIST, 3 for CIFAR-10)
 * @param height   image height in pixels
 * @param width    image width in pixels
 * @param classes  number of classes
 */
public record ImageSet(byte[] pixels, int[] labels, int channels, int height, int width, int classes) {

    public ImageSet {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (channels <= 0 || height <= 0 || width <= 0 || classes <= 1) {
            throw new IllegalArgumentException("bad image set shape: channels=" + channels + " height=" + height
                    + " width=" + width + " classes=" + classes);
        }
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, expected "
                    + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside [0, "
                        + classes + ")");
            }
        }
    }

    /** Number of images. */
    public int count() {
        return labels.length;
    }

    /** Values per image (channels × height × width). */
    public int featureCount() {
        return channels * height * width;
    }

    /** The same images with other labels (e.g. random ones); the pixel array is shared, not copied. */
    public ImageSet withLabels(int[] newLabels) {
        return new ImageSet(pixels, newLabels, channels, height, width, classes);
    }

    /** Images per class. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** One line of statistics: count, shape, classes, class balance, raw pixel mean and standard deviation. */
    public String describe() {
        double sum = 0;
        double sumSq = 0;
        for (byte b : pixels) {
            int v = b & 0xFF;
            sum += v;
            sumSq += (double) v * v;
        }
        double mean = pixels.length == 0 ? 0 : sum / pixels.length;
        double std = pixels.length == 0 ? 0 : Math.sqrt(Math.max(0, sumSq / pixels.length - mean * mean));
        return String.format("%d images %dx%dx%d, %d classes %s, pixel mean %.2f std %.2f (of 255)",
                count(), channels, height, width, classes, Arrays.toString(classCounts()), mean, std);
    }
}
