package io.vdsweep.core.nets;

import java.util.Locale;

/**
 * The networks of Molchanov et al. 2017 (§4 and Table 1; VGG-like after Zagoruyko's CIFAR-10 VGG); every layer's
 * width scales with k.
 */
public enum Architecture {
    /** 784-300-100-10 fully connected, ReLU. */
    LENET_300_100("lenet-300-100", false),
    /** conv 20@5×5 → maxpool 2 → conv 50@5×5 → maxpool 2 → dense 500 → classes, ReLU. */
    LENET_5_CAFFE("lenet-5-caffe", true),
    /** conv3×3+BN+ReLU blocks 64k,64k | 128k,128k | 256k×3 | 512k×3 | 512k×3 (each block then maxpool 2), dense 512k. */
    VGG_LIKE("vgg-like", true);

    private final String id;
    private final boolean convolutional;

    Architecture(String id, boolean convolutional) {
        this.id = id;
        this.convolutional = convolutional;
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
        throw new IllegalArgumentException("unknown architecture '" + id
                + "', expected one of lenet-300-100, lenet-5-caffe, vgg-like");
    }
}
