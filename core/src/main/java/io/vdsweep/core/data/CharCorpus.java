package io.vdsweep.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A character-level language-modelling corpus in the Penn Treebank character files' format (Mikolov's
 * {@code ptb.char.{train,valid,test}.txt}: symbols separated by spaces, {@code _} between words, one sentence per
 * line, each line ending in an end-of-sentence symbol here), verified by MD5 and turned into symbol streams. The
 * vocabulary comes from the training split only (50 symbols for PTB, as in Lobacheva et al. 2017); its MD5 goes into
 * provenance.
 *
 * @param vocabulary      symbols in index order (sorted; {@code \n} is the end of a sentence)
 * @param train           training stream of symbol indices
 * @param valid           validation stream
 * @param test            test stream
 * @param checksums       file name → MD5 of the files read
 * @param vocabularyMd5   MD5 of the vocabulary, one symbol per line
 */
public record CharCorpus(List<String> vocabulary, int[] train, int[] valid, int[] test,
        Map<String, String> checksums, String vocabularyMd5) {

    private static final String END_OF_SENTENCE = "\n";

    /** Reads the three splits from {@code dir}, each verified against {@code md5s}. */
    public static CharCorpus read(Path dir, String trainFile, String validFile, String testFile,
            Map<String, String> md5s) {
        Map<String, String> checksums = new TreeMap<>();
        List<List<String>> splits = new ArrayList<>();
        for (String name : List.of(trainFile, validFile, testFile)) {
            Path file = dir.resolve(name);
            String expected = md5s.get(name);
            if (expected == null) {
                throw new DatasetException(file, "no published MD5 to verify it against");
            }
            Checksums.verify(file, expected);
            checksums.put(name, expected);
            splits.add(symbols(file));
        }
        List<String> vocabulary = new ArrayList<>(new TreeSet<>(splits.get(0)));
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String symbol : vocabulary) {
            index.put(symbol, index.size());
        }
        return new CharCorpus(List.copyOf(vocabulary), indices(splits.get(0), index, dir.resolve(trainFile)),
                indices(splits.get(1), index, dir.resolve(validFile)), indices(splits.get(2), index,
                        dir.resolve(testFile)), Map.copyOf(checksums), Checksums.md5OfLines(vocabulary));
    }

    private static List<String> symbols(Path file) {
        List<String> symbols = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Checksums.openContent(file),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                for (String symbol : line.trim().split("\\s+")) {
                    if (!symbol.isEmpty()) {
                        symbols.add(symbol);
                    }
                }
                symbols.add(END_OF_SENTENCE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return symbols;
    }

    private static int[] indices(List<String> symbols, Map<String, Integer> index, Path file) {
        int[] out = new int[symbols.size()];
        for (int i = 0; i < out.length; i++) {
            Integer k = index.get(symbols.get(i));
            if (k == null) {
                throw new DatasetException(file, "symbol '" + symbols.get(i) + "' at position " + i
                        + " is not in the training split's vocabulary");
            }
            out[i] = k;
        }
        return out;
    }

    /**
     * The training and test streams cut into non-overlapping sequences of {@code length} symbols whose target at
     * every position is the next symbol (Lobacheva et al. 2017 train on sequences of 100); a stream's tail shorter
     * than a sequence is left out.
     */
    public TextSplits splits(int length) {
        return new TextSplits(nextSymbol(train, length), nextSymbol(test, length), vocabularyMd5);
    }

    private TokenSequences nextSymbol(int[] stream, int length) {
        int n = sequences(stream, length);
        int v = vocabulary.size();
        return new TokenSequences(java.util.Arrays.copyOf(stream, n * length), length,
                java.util.Arrays.copyOfRange(stream, 1, n * length + 1), TokenSequences.Target.NEXT_TOKEN, v, v);
    }

    /** Sequences of {@code length} + 1 symbols that fit in {@code stream}, without overlap. */
    public static int sequences(int[] stream, int length) {
        return (stream.length - 1) / length;
    }
}
