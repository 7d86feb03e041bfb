package io.vdsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IMDB's {@code reviews.json}: the archive's order back into the standard split, words, vocabulary and padding. */
class ImdbReviewsTest {

    @TempDir
    Path dir;

    private Path write(List<String> texts, List<Integer> sentiments) throws IOException {
        List<Map<String, Object>> reviews = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            reviews.add(Map.of("t", texts.get(i), "s", sentiments.get(i)));
        }
        Path file = dir.resolve("reviews.json");
        new ObjectMapper().writeValue(file.toFile(), reviews);
        return file;
    }

    @Test
    void wordsAreLowerCasedRunsWithoutLineBreaks() {
        assertEquals(List.of("it's", "a", "film", "10", "10", "don't", "miss"),
                ImdbReviews.words("It's a FILM!<br /><br />10/10 -- 'don't' miss..."));
    }

    @Test
    void restoresTheSplitAlternatesSentimentsAndPadsOnTheLeft() throws IOException {
        // blocks of one: test/neg, train/neg, test/pos, train/pos
        TextSplits splits = ImdbReviews.read(write(List.of("bad bad plot", "awful plot", "good plot", "good good fun"),
                List.of(0, 0, 1, 1)));
        TokenSequences train = splits.train();
        assertArrayEquals(new int[] {0, 1}, train.targets(), "train/neg then train/pos");
        assertArrayEquals(new int[] {0, 1}, splits.test().targets());
        assertEquals(ImdbReviews.LENGTH, train.length());
        // training vocabulary by frequency, ties alphabetical: good (2), awful, fun, plot (1 each) -> ids 2, 3, 4, 5
        int[] awfulPlot = Arrays.copyOfRange(train.tokens(), 0, ImdbReviews.LENGTH);
        assertEquals(0, awfulPlot[0], "left padding");
        assertArrayEquals(new int[] {3, 5}, Arrays.copyOfRange(awfulPlot, ImdbReviews.LENGTH - 2, ImdbReviews.LENGTH));
        int[] badBadPlot = Arrays.copyOfRange(splits.test().tokens(), 0, ImdbReviews.LENGTH);
        assertArrayEquals(new int[] {1, 1, 5}, Arrays.copyOfRange(badBadPlot, ImdbReviews.LENGTH - 3,
                ImdbReviews.LENGTH), "a word the training split lacks is out-of-vocabulary (1)");
        assertEquals(6, train.vocabulary());
        assertEquals(Checksums.md5OfLines(List.of("good", "awful", "fun", "plot")), splits.vocabularyMd5());
    }

    @Test
    void longReviewsKeepTheirLastWords() throws IOException {
        String longReview = "first " + "word ".repeat(ImdbReviews.LENGTH - 1) + "last";
        TextSplits splits = ImdbReviews.read(write(List.of("x", longReview, "y", "z"), List.of(0, 0, 1, 1)));
        int[] tokens = Arrays.copyOfRange(splits.train().tokens(), 0, ImdbReviews.LENGTH);
        // vocabulary: word (199), first, last, z -> "first" is cut off, the review ends with "last"
        assertEquals(2, tokens[0]);
        assertEquals(4, tokens[ImdbReviews.LENGTH - 1]);
    }

    @Test
    void aFileOutOfTheArchiveOrderIsNamed() throws IOException {
        Path file = write(List.of("a", "b", "c", "d"), List.of(0, 1, 0, 1));
        DatasetException e = assertThrows(DatasetException.class, () -> ImdbReviews.read(file));
        assertTrue(e.getMessage().contains("reviews.json") && e.getMessage().contains("review 1 has sentiment 1"),
                e.getMessage());
        Files.writeString(file, "{\"t\": \"not an array\"}");
        assertTrue(assertThrows(DatasetException.class, () -> ImdbReviews.read(file)).getMessage()
                .contains("JSON array"));
    }
}
