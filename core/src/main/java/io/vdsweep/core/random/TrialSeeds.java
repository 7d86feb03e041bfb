package io.vdsweep.core.random;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Every seed a trial uses, derived from one trial seed in one place. The trial seed itself is a hash of the trial
 * id, so adding a trial to a sweep changes no other trial's streams; each stream below is a different function of
 * it, so the label shuffle, the data order and the weight noise never share draws.
 */
public final class TrialSeeds {

    private static final long EPOCH_STRIDE = 1_000_003L;
    private static final long LABEL_MASK = 0x5DEECE66DL;

    private TrialSeeds() {
    }

    /** The seed of the trial with this id: the first 8 bytes of SHA-256("seed:" + id), made non-negative. */
    public static long ofTrialId(String trialId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("seed:" + trialId)
                    .getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Seeds the random training labels of a random-label trial. */
    public static long labels(long trialSeed) {
        return trialSeed ^ LABEL_MASK;
    }

    /** Seeds the permutation of the training set in {@code epoch}. */
    public static long dataOrder(long trialSeed, int epoch) {
        return trialSeed * EPOCH_STRIDE + epoch;
    }

    /**
     * Seeds ND4J's random stream (weight noise, dropout masks) at the start of {@code epoch}; reseeding per epoch is
     * what lets a trial resumed from a checkpoint continue as if never stopped.
     */
    public static long noise(long trialSeed, int epoch) {
        return trialSeed * EPOCH_STRIDE + epoch;
    }

    /**
     * Seeds the noise stream of parameter-averaging worker {@code worker} > 0 from the state the epoch's stream
     * starts in (worker 0 continues that stream itself, which is why one worker reproduces a local run).
     */
    public static long averagingWorker(long rootState, long nodeState, int worker) {
        return new SplittableRandom(rootState * EPOCH_STRIDE + nodeState + worker * 0x9E3779B97F4A7C15L).nextLong();
    }
}
