package io.vdsweep.core.nets;

import io.vdsweep.core.data.Dataset;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The networks of Molchanov et al. 2017 (§4 and Table 1; VGG-like after Zagoruyko's CIFAR-10 VGG); every layer's
 * width scales with k.
 */
public enum Architecture {
    /** 784-300-100-10 fully connected, ReLU. */
    LENET_300_100("lenet-300-100", false, 1, 28),
    /** 784-500-300-10 fully connected, ReLU (the Structured Bayesian Pruning paper's dense net). */
    LENET_500_300("lenet-500-300", false, 1, 28),
    /** conv 20@5×5 → maxpool 2 → conv 50@5×5 → maxpool 2 → dense 500 → classes, ReLU. */
    LENET_5_CAFFE("lenet-5-caffe", true, 1, 28),
    /** conv3×3+BN+ReLU blocks 64k,64k | 128k,128k | 256k×3 | 512k×3 | 512k×3 (each block then maxpool 2), dense 512k. */
    VGG_LIKE("vgg-like", true, 3, 32);

    private final String id;
    private final boolean convolutional;
    private final int channels;
    private final int side;

    /** @param channels, side the input the paper defines the network for */
    Architecture(String id, boolean convolutional, int channels, int side) {
        this.id = id;
        this.convolutional = convolutional;
        this.channels = channels;
        this.side = side;
    }

    /**
     * Whether the network reads {@code dataset}'s images: the one rule for architecture/dataset combinations, as
     * the paper defines each net (LeNets for 28×28 grayscale digits, VGG-like for 32×32 colour images).
     */
    public boolean accepts(Dataset dataset) {
        return dataset.channels() == channels && dataset.side() == side;
    }

    /** {@link #accepts}, or an IllegalArgumentException naming the inputs the network is defined for. */
    public void requireAccepts(Dataset dataset) {
        if (!accepts(dataset)) {
            String accepted = Arrays.stream(Dataset.values()).filter(this::accepts).map(Dataset::id)
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("architecture: " + id + " is defined for " + side + "x" + side + " "
                    + (channels == 1 ? "grayscale" : "colour") + " inputs (" + accepted + "), found dataset "
                    + dataset.id());
        }
    }

    public String id() {
        return id;
    }

    /** Whether inputs are images [N, C, H, W] (true) or flat rows (false). */
    public boolean convolutional() {
        return convolutional;
    }

    public static Architecture fromId(String id) {
        for (Architecture a : values()) {
            if (a.id.equals(id.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + id + "', expected one of "
                + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")));
    }
}
