package io.vdsweep.core.train;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.ImageSet;
import io.vdsweep.core.data.LabeledArrays;
import io.vdsweep.core.data.Preprocessor;
import io.vdsweep.core.data.RandomLabels;
import io.vdsweep.core.data.TextSplits;
import io.vdsweep.core.data.TokenSequences;
import io.vdsweep.core.random.TrialSeeds;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A trial's data, loaded once: verified files, limits applied, training labels randomised if asked, preprocessing
 * fitted on the (limited) training set.
 *
 * @param spec      what was asked for
 * @param train     training split as trained on (random labels included)
 * @param test      test split
 * @param checksums file name → MD5 of the files read (provenance)
 */
public record TrialData(DataSpec spec, LabeledArrays train, LabeledArrays test, Map<String, String> checksums) {

    /**
     * Loads {@code spec} from the verified files in {@code dir}.
     *
     * @param asImages  features as [N, C, H, W] images (convolutional nets) rather than flat rows
     * @param trialSeed the trial's seed, from which random labels are drawn
     */
    public static TrialData load(DataSpec spec, Path dir, boolean asImages, long trialSeed) {
        Dataset dataset = spec.dataset();
        if (dataset.text()) {
            return of(spec, dataset.readVerifiedText(dir), trialSeed, dataset.digests());
        }
        Dataset.TrainTest raw = dataset.readVerified(dir);     // verifies the files once
        return of(spec, raw.train(), raw.test(), asImages, trialSeed, dataset.digests());
    }

    /** Builds trial data from images already in memory (limits, random labels and preprocessing applied here). */
    public static TrialData of(DataSpec spec, ImageSet trainImages, ImageSet testImages, boolean asImages,
            long trialSeed, Map<String, String> checksums) {
        ImageSet train = limit(trainImages, spec.trainLimit());
        ImageSet test = limit(testImages, spec.testLimit());
        if (spec.randomLabels()) {
            train = RandomLabels.apply(train, TrialSeeds.labels(trialSeed));
        }
        Preprocessor preprocessor = Preprocessor.fit(train, spec.normalization());
        return new TrialData(spec, LabeledArrays.of(train, preprocessor, asImages),
                LabeledArrays.of(test, preprocessor, asImages), checksums);
    }

    /**
     * Builds trial data from prepared text (limits and random labels applied here; token ids need no
     * preprocessing). The vocabulary's MD5 joins the file digests as {@code vocabulary}.
     */
    public static TrialData of(DataSpec spec, TextSplits text, long trialSeed, Map<String, String> checksums) {
        int vocabulary = spec.dataset().vocabulary();
        if (text.train().vocabulary() > vocabulary) {
            throw new IllegalArgumentException("dataset: " + spec.dataset().id() + " has " + vocabulary
                    + " token ids, the files hold " + text.train().vocabulary());
        }
        TokenSequences train = text.train().limit(spec.trainLimit());
        if (spec.randomLabels()) {
            train = RandomLabels.apply(train, TrialSeeds.labels(trialSeed));
        }
        Map<String, String> withVocabulary = new java.util.TreeMap<>(checksums);
        withVocabulary.put("vocabulary", text.vocabularyMd5());
        return new TrialData(spec, LabeledArrays.of(train, vocabulary),
                LabeledArrays.of(text.test().limit(spec.testLimit()), vocabulary), withVocabulary);
    }

    private static ImageSet limit(ImageSet set, int limit) {
        if (limit == 0 || limit >= set.count()) {
            return set;
        }
        int features = set.featureCount();
        return new ImageSet(Arrays.copyOf(set.pixels(), limit * features), Arrays.copyOf(set.labels(), limit),
                set.channels(), set.height(), set.width(), set.classes());
    }
}
