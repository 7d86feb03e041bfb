package io.vdsweep.core.nets;

import io.vdsweep.core.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The networks of Molchanov et al. 2017 (§4 and Table 1; VGG-like after Zagoruyko's CIFAR-10 VGG), of Neklyudov et
 * al. 2017 (LeNet-500-300), of Neklyudov et al. 2019 (LeNet-5 with batch norm) and the LSTMs of Lobacheva, Chirkova,
 * Vetrov 2017; every layer's width scales with k.
 */
public enum Architecture {
    /** 784-300-100-10 fully connected, ReLU. */
    LENET_300_100("lenet-300-100", Dataset.Kind.IMAGES, false, 1, 28, 300, 100),
    /** 784-500-300-10 fully connected, ReLU (the Structured Bayesian Pruning paper's dense net). */
    LENET_500_300("lenet-500-300", Dataset.Kind.IMAGES, false, 1, 28, 500, 300),
    /** conv 20@5×5 → maxpool 2 → conv 50@5×5 → maxpool 2 → dense 500 → classes, ReLU. */
    LENET_5_CAFFE("lenet-5-caffe", Dataset.Kind.IMAGES, true, 1, 28, 20, 50, 500),
    /**
     * LeNet-5-Caffe as the Variance Networks code builds it (Neklyudov et al. 2019; da-molchanov/variance-networks,
     * scripts/lenet5*.py): conv 20@5×5 → BN → ReLU → maxpool 2 → conv 50@5×5 → BN → ReLU → maxpool 2 → dense 500 →
     * BN → ReLU → classes. Batch norm standardises a variance layer's zero-mean noise and its shift gives the next
     * ReLU a mean to work with.
     */
    LENET_5_BN("lenet-5-bn", Dataset.Kind.IMAGES, true, 1, 28, 20, 50, 500),
    /** conv3×3+BN+ReLU blocks 64k,64k | 128k,128k | 256k×3 | 512k×3 | 512k×3 (each block then maxpool 2), dense 512k. */
    VGG_LIKE("vgg-like", Dataset.Kind.IMAGES, true, 3, 32, 64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512,
            512),
    /** Word embedding 300k → LSTM 128k → the last step's dense layer → 2 classes (IMDB sentiment). */
    LSTM_IMDB("lstm-imdb", Dataset.Kind.REVIEWS, false, 0, 0, 300, 128),
    /** One-hot characters → LSTM 1000k → a dense layer at every step → next-character softmax (character PTB). */
    LSTM_CHAR_PTB("lstm-char-ptb", Dataset.Kind.CHARACTERS, false, 0, 0, 1000);

    private final String id;
    private final Dataset.Kind input;
    private final boolean convolutional;
    private final int channels;
    private final int side;
    private final int[] widths;

    /**
     * @param input, channels, side the input the paper defines the network for
     * @param widths the units (neurons, filters, embedding dimensions) of every layer that k scales, at k = 1, in
     *               network order: {@link NetBuilder} takes its layers' widths from here, so checks need not build
     */
    Architecture(String id, Dataset.Kind input, boolean convolutional, int channels, int side, int... widths) {
        this.id = id;
        this.input = input;
        this.convolutional = convolutional;
        this.channels = channels;
        this.side = side;
        this.widths = widths;
    }

    /** The widths at k = 1 of the layers k scales, in network order (the logits layer has the classes'). */
    public List<Integer> widths() {
        return Arrays.stream(widths).boxed().toList();
    }

    /**
     * Whether the network comes in {@code variant}: the recurrent nets as Lobacheva et al. 2017 compare them (plain,
     * variational binary dropout on W^h, Sparse VD), the feed-forward ones in every variant.
     */
    public void requireSupports(Variant variant) {
        if (recurrent() && variant != Variant.NO_DROPOUT && variant != Variant.BINARY_DROPOUT
                && variant != Variant.SPARSE_VD) {
            throw new IllegalArgumentException("variant: " + variant.id() + " is not defined for " + id
                    + " (no-dropout, binary-dropout or sparse-vd)");
        }
    }

    /**
     * Whether the network reads {@code dataset}'s images: the one rule for architecture/dataset combinations, as
     * the paper defines each net (LeNets for 28×28 grayscale digits, VGG-like for 32×32 colour images, each LSTM
     * for its text).
     */
    public boolean accepts(Dataset dataset) {
        return dataset.kind() == input && dataset.channels() == channels && dataset.side() == side;
    }

    /** Whether the network is recurrent (reads token sequences). */
    public boolean recurrent() {
        return input != Dataset.Kind.IMAGES;
    }

    /** {@link #accepts}, or an IllegalArgumentException naming the inputs the network is defined for. */
    public void requireAccepts(Dataset dataset) {
        if (!accepts(dataset)) {
            String accepted = Arrays.stream(Dataset.values()).filter(this::accepts).map(Dataset::id)
                    .collect(Collectors.joining(", "));
            String inputs = recurrent() ? "text" : side + "x" + side + " " + (channels == 1 ? "grayscale" : "colour")
                    + " inputs";
            throw new IllegalArgumentException("architecture: " + id + " is defined for " + inputs + " (" + accepted
                    + "), found dataset " + dataset.id());
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
