package io.vdsweep.core.data;

import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The datasets vdsweep trains on — images for the feed-forward nets, text for the recurrent ones — with their
 * standard file names and published MD5 digests (of the uncompressed files; gzip copies are accepted and checked by
 * content).
 */
public enum Dataset {

    MNIST("mnist", Kind.IMAGES, 1, 28, 10, 60_000,
            List.of(new DataFile("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb"),
                    new DataFile("train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624")),
            List.of(new DataFile("t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea"),
                    new DataFile("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637"))),

    FASHION_MNIST("fashion-mnist", Kind.IMAGES, 1, 28, 10, 60_000,
            List.of(new DataFile("train-images-idx3-ubyte", "f4a8712d7a061bf5bd6d2ca38dc4d50a"),
                    new DataFile("train-labels-idx1-ubyte", "9018921c3c673c538a1fc5bad174d6f9")),
            List.of(new DataFile("t10k-images-idx3-ubyte", "8181f5470baa50b63fa0f6fddb340f0a"),
                    new DataFile("t10k-labels-idx1-ubyte", "15d484375f8d13e6eb1aabb0c3f46965"))),

    CIFAR10("cifar10", Kind.IMAGES, 3, 32, 10, 50_000,
            List.of(new DataFile("data_batch_1.bin", "5dd7e06a14cb22eb9f671a540d1b7c25"),
                    new DataFile("data_batch_2.bin", "5ea93a67294ea407fff1d09f752e9692"),
                    new DataFile("data_batch_3.bin", "942cd6a4bcdd0dd3c604fbe906cb4421"),
                    new DataFile("data_batch_4.bin", "ae636b3ba5c66a11e91e8cb52e771fcb"),
                    new DataFile("data_batch_5.bin", "53f37980c15c3d472c316c40844f3f0d")),
            List.of(new DataFile("test_batch.bin", "803d5f7f4d78ea53de84dbe85f74fb6d"))),

    /**
     * IMDB movie reviews (Maas et al. 2011), positive or negative: 25,000 training reviews as {@link ImdbReviews}
     * prepares them (20,000-word vocabulary plus padding and out-of-vocabulary ids, 200 words per review).
     */
    IMDB("imdb", Kind.REVIEWS, 0, 0, 2, 25_000,
            List.of(new DataFile("reviews.json", "2cf1d88519f87c3e9d5d8b8990cc64e6")), List.of()),

    /**
     * Character-level Penn Treebank (Mikolov's files): 50 symbols, the training stream cut into 50,174 sequences of
     * 100 ({@link CharCorpus}); every position predicts the next symbol. The validation file is verified with the
     * others; trials test on the test file.
     */
    PTB_CHAR("ptb-char", Kind.CHARACTERS, 0, 0, 50, 50_174,
            List.of(new DataFile("ptb.char.train.txt", "874909f99060142f6b88cc74c34baaa2"),
                    new DataFile("ptb.char.valid.txt", "9e0fe5bec2a8bf43fd686dc23d5ab8bb")),
            List.of(new DataFile("ptb.char.test.txt", "1f9a2d1afe00f76e8bfbe09a65439681")));

    /** What a dataset's examples are. */
    public enum Kind {
        /** Labelled images (channels × side × side). */
        IMAGES,
        /** Word sequences, one class each. */
        REVIEWS,
        /** A character stream, every position predicting the next character. */
        CHARACTERS
    }

    /** Symbols per character-level sequence (Lobacheva et al. 2017). */
    public static final int CHARACTER_SEQUENCE = 100;

    /** One standard file of a dataset and its published MD5. */
    public record DataFile(String name, String md5) {
    }

    private final String id;
    private final Kind kind;
    private final int channels;
    private final int side;
    private final int classes;
    private final int trainExamples;
    private final List<DataFile> trainFiles;
    private final List<DataFile> testFiles;

    Dataset(String id, Kind kind, int channels, int side, int classes, int trainExamples, List<DataFile> trainFiles,
            List<DataFile> testFiles) {
        this.id = id;
        this.kind = kind;
        this.channels = channels;
        this.side = side;
        this.classes = classes;
        this.trainExamples = trainExamples;
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
    }

    /** The name used on the command line, in sweep files and as the cache folder. */
    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether examples are token sequences (reviews, characters) rather than images. */
    public boolean text() {
        return kind != Kind.IMAGES;
    }

    /** Token ids of a text dataset: words + padding + out-of-vocabulary for IMDB, characters for PTB; 0 for images. */
    public int vocabulary() {
        return switch (kind) {
            case IMAGES -> 0;
            case REVIEWS -> ImdbReviews.WORDS + 2;
            case CHARACTERS -> classes;
        };
    }

    /** Tokens per sequence of a text dataset (0 for images). */
    public int sequenceLength() {
        return switch (kind) {
            case IMAGES -> 0;
            case REVIEWS -> ImdbReviews.LENGTH;
            case CHARACTERS -> CHARACTER_SEQUENCE;
        };
    }

    /** Colour channels of an image dataset (0 for text). */
    public int channels() {
        return channels;
    }

    /** Image height = width in pixels (0 for text). */
    public int side() {
        return side;
    }

    public int classes() {
        return classes;
    }

    /** Examples (images, reviews, character sequences) in the standard training split, fixed by the published files. */
    public int trainExamples() {
        return trainExamples;
    }

    public List<DataFile> files() {
        List<DataFile> all = new ArrayList<>(trainFiles);
        all.addAll(testFiles);
        return all;
    }

    /** Parses a dataset id such as {@code mnist}, {@code fashion-mnist} or {@code cifar10}. */
    public static Dataset fromId(String id) {
        for (Dataset d : values()) {
            if (d.id.equals(id.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + id + "', expected one of "
                + java.util.Arrays.stream(values()).map(Dataset::id).collect(java.util.stream.Collectors.joining(", ")));
    }

    /**
     * Where a standard file lives in a user's folder: the plain name, the name + ".gz", or (CIFAR-10) the same
     * inside the {@code cifar-10-batches-bin} folder of the official archive. Returns the plain path if none exists.
     */
    public Path locate(Path dir, DataFile file) {
        for (Path base : List.of(dir, dir.resolve("cifar-10-batches-bin"))) {
            for (String name : List.of(file.name(), file.name() + ".gz")) {
                Path candidate = base.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return dir.resolve(file.name());
    }

    /** Verifies every file in {@code dir} against its MD5 and returns file name → MD5 (for provenance). */
    public Map<String, String> verify(Path dir) {
        for (DataFile file : files()) {
            Checksums.verify(locate(dir, file), file.md5());
        }
        return digests();
    }

    /** File name → published MD5: what a verified copy holds (provenance). */
    public Map<String, String> digests() {
        Map<String, String> digests = new LinkedHashMap<>();
        for (DataFile file : files()) {
            digests.put(file.name(), file.md5());
        }
        return digests;
    }

    /** True when {@code dir} holds every file with its published MD5. */
    public boolean isVerified(Path dir) {
        for (DataFile file : files()) {
            if (!Checksums.matches(locate(dir, file), file.md5())) {
                return false;
            }
        }
        return true;
    }

    /** Reads an image dataset's training and test sets from {@code dir} without checking digests ({@link #verify}). */
    public TrainTest read(Path dir) {
        requireKind(true);
        return new TrainTest(this, readSplit(dir, trainFiles), readSplit(dir, testFiles));
    }

    /**
     * Verifies {@code dir} and returns its images, read once per JVM: every copy that passes {@link #verify} holds
     * the published bytes, so an executor running many trials on one dataset parses it once. Held softly: under
     * memory pressure the images are dropped and read again. Callers must not modify the arrays.
     */
    public TrainTest readVerified(Path dir) {
        verify(dir);
        SoftReference<TrainTest> held = Loaded.IMAGES.get(this);
        TrainTest images = held == null ? null : held.get();
        if (images == null) {
            images = read(dir);
            Loaded.IMAGES.put(this, new SoftReference<>(images));
        }
        return images;
    }

    /**
     * A text dataset's training and test sequences from the verified files in {@code dir}, prepared once per JVM and
     * held softly like {@link #readVerified}'s images. Callers must not modify the arrays.
     */
    public TextSplits readVerifiedText(Path dir) {
        requireKind(false);
        verify(dir);
        SoftReference<TextSplits> held = Loaded.TEXT.get(this);
        TextSplits text = held == null ? null : held.get();
        if (text == null) {
            text = this == IMDB ? ImdbReviews.read(locate(dir, trainFiles.get(0)))
                    : CharCorpus.read(dir, trainFiles.get(0).name(), trainFiles.get(1).name(), testFiles.get(0).name(),
                            digests()).splits(CHARACTER_SEQUENCE);
            Loaded.TEXT.put(this, new SoftReference<>(text));
        }
        return text;
    }

    private void requireKind(boolean images) {
        if (text() == images) {
            throw new IllegalStateException(id + " holds " + (images ? "text" : "images"));
        }
    }

    /** The per-JVM data of {@link #readVerified} (a holder: an enum's constants cannot reach its statics early). */
    private static final class Loaded {
        static final Map<Dataset, SoftReference<TrainTest>> IMAGES = new java.util.concurrent.ConcurrentHashMap<>();
        static final Map<Dataset, SoftReference<TextSplits>> TEXT = new java.util.concurrent.ConcurrentHashMap<>();
    }

    private ImageSet readSplit(Path dir, List<DataFile> split) {
        if (this == CIFAR10) {
            return CifarBinaryReader.read(split.stream().map(f -> locate(dir, f)).toList());
        }
        return IdxReader.read(locate(dir, split.get(0)), locate(dir, split.get(1)), classes);
    }

    /** A dataset's training and test images. */
    public record TrainTest(Dataset dataset, ImageSet train, ImageSet test) {
    }
}
