package io.vdsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small corpora in PTB's character format: vocabulary, streams, next-symbol batches, and bad files refused. */
class CharCorpusTest {

    @TempDir
    Path dir;

    private Map<String, String> write(String train, String valid, String test) throws IOException {
        Files.writeString(dir.resolve("train.txt"), train);
        Files.writeString(dir.resolve("valid.txt"), valid);
        Files.writeString(dir.resolve("test.txt"), test);
        return Map.of("train.txt", Checksums.md5(dir.resolve("train.txt")), "valid.txt",
                Checksums.md5(dir.resolve("valid.txt")), "test.txt", Checksums.md5(dir.resolve("test.txt")));
    }

    @Test
    void vocabularyFromTrainingStreamsAndNextSymbolSequences() throws IOException {
        Map<String, String> md5s = write("a b _ c\nb a\n", "a _ b\n", "c\n");
        CharCorpus corpus = CharCorpus.read(dir, "train.txt", "valid.txt", "test.txt", md5s);
        assertEquals(List.of("\n", "_", "a", "b", "c"), corpus.vocabulary());
        assertArrayEquals(new int[] {2, 3, 1, 4, 0, 3, 2, 0}, corpus.train());
        assertArrayEquals(new int[] {2, 1, 3, 0}, corpus.valid());
        assertArrayEquals(new int[] {4, 0}, corpus.test());
        assertEquals(md5s.get("train.txt"), corpus.checksums().get("train.txt"));
        assertEquals(32, corpus.vocabularyMd5().length());

        assertEquals(2, CharCorpus.sequences(corpus.train(), 3));       // 8 symbols: two of 3 with their next ones
        TextSplits splits = corpus.splits(3);
        assertArrayEquals(new int[] {2, 3, 1, 4, 0, 3}, splits.train().tokens());
        assertArrayEquals(new int[] {3, 1, 4, 0, 3, 2}, splits.train().targets(), "each position's next symbol");
        assertEquals(0, splits.test().count(), "2 test symbols hold no sequence of 3 with its next one");

        // as a network reads it: one-hot [b, V, T] inputs and targets, scored per position
        LabeledArrays arrays = LabeledArrays.of(splits.train(), 5);
        INDArray rows = arrays.features().getRows(1, 0);
        INDArray input = arrays.inputs(rows);
        assertArrayEquals(new long[] {2, 5, 3}, input.shape());
        assertEquals(1.0, input.getDouble(0, 4, 0));            // sequence 1 starts with c
        assertEquals(1.0, input.getDouble(0, 3, 2));            // and ends with b
        assertEquals(6.0, input.sumNumber().doubleValue(), "one symbol per step");
        INDArray targets = arrays.targetRows(1, 2);             // sequence 1's targets \n, b, a as rows
        assertArrayEquals(new long[] {3, 5}, targets.shape());
        assertEquals(1.0, targets.getDouble(0, 0));
        assertEquals(1.0, targets.getDouble(1, 3));
        assertEquals(1.0, targets.getDouble(2, 2));
        assertEquals(3, arrays.predictionsPerExample());
    }

    @Test
    void aSymbolOutsideTheTrainingVocabularyIsNamed() throws IOException {
        Map<String, String> md5s = write("a b\n", "a z\n", "b\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> CharCorpus.read(dir, "train.txt", "valid.txt", "test.txt", md5s));
        assertTrue(e.getMessage().contains("valid.txt") && e.getMessage().contains("'z'"), e.getMessage());
    }

    @Test
    void aFileWithAnotherDigestIsRefused() throws IOException {
        Map<String, String> md5s = write("a b\n", "a\n", "b\n");
        Files.writeString(dir.resolve("test.txt"), "b b\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> CharCorpus.read(dir, "train.txt", "valid.txt", "test.txt", md5s));
        assertTrue(e.getMessage().contains("test.txt") && e.getMessage().contains("MD5"), e.getMessage());
    }
}
