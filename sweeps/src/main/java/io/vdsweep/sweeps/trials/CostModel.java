package io.vdsweep.sweeps.trials;

import io.vdsweep.core.nets.Architecture;
import io.vdsweep.sweeps.spec.TrialConfig;

/**
 * A rough cost estimate for {@code vdsweep plan}: training seconds per example on one core with one ND4J thread,
 * measured on this project's 2-core development machines (bench/README.md) for width 1, scaled by k² (the products
 * grow with fan-in × fan-out) and by the variational layers' overhead. An estimate for planning, not a promise.
 */
public final class CostModel {

    /** Measured: LeNet-300-100, plain dense, ~3.4 s per 60k-example epoch. */
    private static final double LENET300_SECONDS_PER_EXAMPLE = 3.4 / 60_000;
    /** Estimated from LeNet-5-Caffe's ~2.3 MFLOP forward pass relative to LeNet-300-100's 0.27 MFLOP. */
    private static final double LENET5_SECONDS_PER_EXAMPLE = 8 * LENET300_SECONDS_PER_EXAMPLE;
    /** Measured: VGG-like k = 1, no dropout, ~40 training examples/s (oneDNN build, bench/speed.sh). */
    private static final double VGG_SECONDS_PER_EXAMPLE = 1.0 / 40;
    /** Measured: Sparse VD LeNet-300-100 epochs take 2.4–3.1× the plain net's. */
    private static final double VARIATIONAL_FACTOR = 2.8;
    /** Measured: Sparse VD VGG-like steps take 1.8–2.0× the plain net's (k = 0.25 to 1, bench/speed.sh). */
    private static final double VARIATIONAL_CONV_FACTOR = 1.9;

    /** Measured: lstm-imdb k = 1, no dropout, ~41 reviews of 200 words per second (bench/README.md, LSTMs). */
    private static final double LSTM_IMDB_SECONDS_PER_EXAMPLE = 1.0 / 41;
    /**
     * Measured: lstm-char-ptb k = 0.25, Sparse VD, ~70 sequences of 100 characters per second, so ~74 for the plain
     * net, taken back to k = 1 by k² (bench/README.md, LSTM short sweeps).
     */
    private static final double LSTM_CHAR_SECONDS_PER_EXAMPLE = 1.0 / 74 / (0.25 * 0.25);
    /**
     * Measured: Sparse VD lstm-imdb epochs take ~1.05× the plain net's (39–40 vs 40–43 reviews/s, bench/README.md;
     * the LSTM step alone also costs 1.05×, bench/lstm-step.sh).
     */
    private static final double VARIATIONAL_LSTM_FACTOR = 1.05;

    private CostModel() {
    }

    /** Estimated core-seconds to train {@code config} (evaluation excluded). */
    public static double trainingSeconds(TrialConfig config) {
        Architecture arch = config.architecture();
        double perExample = switch (arch) {
            case LENET_300_100 -> LENET300_SECONDS_PER_EXAMPLE;
            // 784·500 + 500·300 + 300·10 weights against 784·300 + 300·100 + 100·10
            case LENET_500_300 -> LENET300_SECONDS_PER_EXAMPLE * 2.05;
            // batch norm on LeNet-5's 20×24×24 + 50×8×8 + 500 activations: little beside its convs
            case LENET_5_CAFFE, LENET_5_BN -> LENET5_SECONDS_PER_EXAMPLE;
            case VGG_LIKE -> VGG_SECONDS_PER_EXAMPLE;
            case LSTM_IMDB -> LSTM_IMDB_SECONDS_PER_EXAMPLE;
            case LSTM_CHAR_PTB -> LSTM_CHAR_SECONDS_PER_EXAMPLE;
        };
        double k = config.width();
        boolean variational = config.variant().variational();
        int limit = config.trainLimit();
        int examples = limit > 0 ? Math.min(limit, config.dataset().trainExamples()) : config.dataset().trainExamples();
        double overhead = !variational ? 1 : arch.recurrent() ? VARIATIONAL_LSTM_FACTOR
                : arch == Architecture.VGG_LIKE ? VARIATIONAL_CONV_FACTOR : VARIATIONAL_FACTOR;
        return perExample * k * k * overhead * examples * config.epochs();
    }
}
