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
        return train.withLabels(draw(train.count(), train.classes(), seed));
    }

    /** Sequences with one class each (reviews) with uniform random classes drawn from {@code seed}. */
    public static TokenSequences apply(TokenSequences train, long seed) {
        return train.withTargets(draw(train.count(), train.classes(), seed));
    }

    private static int[] draw(int count, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[count];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }
}
