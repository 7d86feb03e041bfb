package io.vdsweep.core.train;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.Preprocessor;
import java.util.Objects;

/**
 * The data a trial trains and tests on.
 *
 * @param dataset       which dataset
 * @param randomLabels  replace the training labels by uniform random ones (seeded by the trial); test labels stay
 * @param normalization preprocessing fitted on the training set (images; text needs none)
 * @param trainLimit    use only the first n training examples (0 = all), for quick runs
 * @param testLimit     use only the first n test examples (0 = all)
 */
public record DataSpec(Dataset dataset, boolean randomLabels, Preprocessor.Normalization normalization,
        int trainLimit, int testLimit) {

    public DataSpec {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(normalization, "normalization");
        if (randomLabels && dataset.kind() == Dataset.Kind.CHARACTERS) {
            throw new IllegalArgumentException("labels: random is not defined for " + dataset.id() + ": a language "
                    + "model's targets are the next characters, there are no labels to replace");
        }
        if (trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("train/test limits must be >= 0, found " + trainLimit + ", " + testLimit);
        }
    }

    /** The paper's preprocessing: mean-image subtraction for MNIST-like sets, per-channel standardisation for CIFAR. */
    public static Preprocessor.Normalization defaultNormalization(Dataset dataset) {
        return dataset == Dataset.CIFAR10 ? Preprocessor.Normalization.CHANNEL_STANDARDIZE
                : Preprocessor.Normalization.MEAN_IMAGE;
    }
}
