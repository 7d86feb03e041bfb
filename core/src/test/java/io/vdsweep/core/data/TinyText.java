package io.vdsweep.core.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small text in the real formats: IMDB's {@code reviews.json} and PTB's character files, with learnable signal. */
public final class TinyText {

    private static final String[] POSITIVE = {"great", "wonderful", "superb", "loved"};
    private static final String[] NEGATIVE = {"awful", "boring", "worst", "hated"};
    private static final String[] FILLER = {"the", "a", "movie", "film", "plot", "actor", "scene", "it", "was", "and",
        "story", "end", "music", "cast", "we", "saw"};

    private TinyText() {
    }

    /**
     * A {@code reviews.json} of 4 × {@code block} reviews in the archive's order (test/neg, train/neg, test/pos,
     * train/pos): filler words with sentiment words mixed in, some reviews longer than 200 words.
     */
    public static Path reviews(Path dir, int block, long seed) throws IOException {
        Random random = new Random(seed);
        List<Map<String, Object>> reviews = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            int sentiment = b < 2 ? 0 : 1;
            for (int i = 0; i < block; i++) {
                StringBuilder text = new StringBuilder();
                int words = 5 + random.nextInt(i % 10 == 0 ? 300 : 25);
                for (int w = 0; w < words; w++) {
                    String[] pool = random.nextInt(4) == 0 ? (sentiment == 1 ? POSITIVE : NEGATIVE) : FILLER;
                    text.append(w == 0 ? "" : random.nextInt(8) == 0 ? ". <br /><br />" : " ")
                            .append(pool[random.nextInt(pool.length)]);
                }
                reviews.add(Map.of("t", text.toString(), "s", sentiment));
            }
        }
        Path file = dir.resolve("reviews.json");
        new ObjectMapper().writeValue(file.toFile(), reviews);
        return file;
    }

    /**
     * PTB-format character files (symbols separated by spaces, {@code _} between words) made of a few words in random
     * order, and their MD5s: within a word every next character is determined.
     */
    public static Map<String, String> characters(Path dir, int trainSentences, long seed) throws IOException {
        Random random = new Random(seed);
        String[] words = {"c a t", "d o g", "b i r d", "f i s h", "h o r s e"};
        Map<String, String> md5s = new java.util.HashMap<>();
        for (String[] split : new String[][] {{"train.txt", "" + trainSentences}, {"valid.txt", "20"},
            {"test.txt", "" + trainSentences / 4}}) {
            StringBuilder text = new StringBuilder();
            for (int s = 0; s < Integer.parseInt(split[1]); s++) {
                int n = 3 + random.nextInt(5);
                for (int w = 0; w < n; w++) {
                    text.append(w == 0 ? "" : " _ ").append(words[random.nextInt(words.length)]);
                }
                text.append('\n');
            }
            Path file = dir.resolve(split[0]);
            Files.writeString(file, text);
            md5s.put(split[0], Checksums.md5(file));
        }
        return md5s;
    }
}
