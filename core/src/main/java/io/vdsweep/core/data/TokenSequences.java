package io.vdsweep.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Token-id sequences of one fixed length with what a net predicts from them: one class per sequence (sentiment of a
 * review) or the next token at every position (language modelling). Token ids index a vocabulary fixed by the
 * training split.
 *
 * @param tokens     count × length token ids, sequence-major
 * @param length     tokens per sequence
 * @param targets    one class per sequence ({@link Target#CLASS}) or count × length next-token ids
 *                   ({@link Target#NEXT_TOKEN})
 * @param target     what the targets are
 * @param vocabulary number of token ids
 * @param classes    number of classes (the vocabulary for next-token targets)
 */
public record TokenSequences(int[] tokens, int length, int[] targets, Target target, int vocabulary, int classes) {

    /** What is predicted from a sequence. */
    public enum Target {
        /** One class per sequence, read from its last step. */
        CLASS,
        /** The next token at every position. */
        NEXT_TOKEN
    }

    public TokenSequences {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(target, "target");
        if (length <= 0 || tokens.length % length != 0 || vocabulary <= 1 || classes <= 1) {
            throw new IllegalArgumentException("bad token sequences: " + tokens.length + " tokens, length " + length
                    + ", vocabulary " + vocabulary + ", classes " + classes);
        }
        int expected = target == Target.CLASS ? tokens.length / length : tokens.length;
        if (targets.length != expected) {
            throw new IllegalArgumentException(target + " targets: found " + targets.length + ", expected " + expected);
        }
        requireRange(tokens, vocabulary, "token");
        requireRange(targets, classes, "target");
    }

    private static void requireRange(int[] values, int bound, String what) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= bound) {
                throw new IllegalArgumentException(what + " " + values[i] + " at " + i + " is outside [0, " + bound
                        + ")");
            }
        }
    }

    /** Number of sequences. */
    public int count() {
        return tokens.length / length;
    }

    /** The first {@code n} sequences (all when {@code n} is 0 or at least {@link #count}). */
    public TokenSequences limit(int n) {
        if (n == 0 || n >= count()) {
            return this;
        }
        int targetsPer = target == Target.CLASS ? 1 : length;
        return new TokenSequences(Arrays.copyOf(tokens, n * length), length, Arrays.copyOf(targets, n * targetsPer),
                target, vocabulary, classes);
    }

    /** The same sequences with other per-sequence classes (random labels); only for {@link Target#CLASS}. */
    public TokenSequences withTargets(int[] newTargets) {
        return new TokenSequences(tokens, length, newTargets, target, vocabulary, classes);
    }

    /** One line of statistics: sequences, length, vocabulary, and the class balance of per-sequence targets. */
    public String describe() {
        String line = String.format("%d sequences of %d tokens, vocabulary %d", count(), length, vocabulary);
        if (target == Target.NEXT_TOKEN) {
            return line + ", next-token targets";
        }
        int[] counts = new int[classes];
        for (int t : targets) {
            counts[t]++;
        }
        return line + ", " + classes + " classes " + Arrays.toString(counts);
    }
}
