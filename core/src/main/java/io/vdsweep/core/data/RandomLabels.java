package io.vdsweep.core.data;

import java.util.SplittableRandom;

/**
 * The random-labelling experiment (Zhang et al. 2017, as run in Molchanov et al. 2017 §5.2): training labels are
 * replaced by labels drawn uniformly from the classes with a fixed seed; test labels stay true.
 */
public final class RandomLabels {

    private RandomLabels() {
    }

    /** The training set with uniform random labels drawn from {@code seed}; the same seed gives the same labels. */
    public static ImageSet apply(ImageSet train, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[train.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(train.classes());
        }
        return train.withLabels(labels);
    }
}
