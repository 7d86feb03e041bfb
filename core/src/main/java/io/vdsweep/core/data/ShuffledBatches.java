package io.vdsweep.core.data;

import io.vdsweep.core.random.TrialSeeds;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches over {@link LabeledArrays}, reshuffled every epoch by a permutation drawn from (seed, epoch), so a
 * trial's data order is fixed by its seed and a resumed run sees the same order from the epoch it resumes at.
 */
public final class ShuffledBatches implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final LabeledArrays data;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private int epoch;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    /**
     * @param data      features and one-hot labels
     * @param batchSize examples per minibatch (the last one may be smaller)
     * @param seed      the trial seed, from which each epoch's permutation is derived
     * @param shuffle   false keeps file order (evaluation)
     */
    public ShuffledBatches(LabeledArrays data, int batchSize, long seed, boolean shuffle) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, found " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        reset();
    }

    /** Sets the epoch whose permutation the next pass uses (for resuming), and rewinds. */
    public void startEpoch(int epochIndex) {
        this.epoch = epochIndex;
        rewind();
    }

    public int examples() {
        return data.count();
    }

    private void rewind() {
        int n = examples();
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(TrialSeeds.dataOrder(seed, epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cursor = 0;
    }

    @Override
    public DataSet next(int num) {
        int end = Math.min(cursor + num, examples());
        DataSet batch = examples(cursor, end);
        cursor = end;
        return batch;
    }

    /** Minibatches per epoch (the last one may be smaller). */
    public int minibatches() {
        return (examples() + batchSize - 1) / batchSize;
    }

    /**
     * Minibatch {@code index} of the current epoch, without moving the cursor: what the index-th {@link #next()}
     * of the epoch returns (parameter-averaging workers take every n-th minibatch this way).
     */
    public DataSet minibatch(int index) {
        if (index < 0 || index >= minibatches()) {
            throw new IndexOutOfBoundsException("minibatch " + index + " of " + minibatches());
        }
        return examples(index * batchSize, Math.min((index + 1) * batchSize, examples()));
    }

    private DataSet examples(int from, int to) {
        int[] rows = java.util.Arrays.copyOfRange(order, from, to);
        DataSet batch = new DataSet(data.inputs(Nd4j.pullRows(data.features(), 1, rows)),
                data.layout().targets(Nd4j.pullRows(data.labels(), 1, rows)));
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public boolean hasNext() {
        return cursor < examples();
    }

    /** Rewinds to the start of the current epoch's permutation; epochs advance only through {@link #startEpoch}. */
    @Override
    public void reset() {
        rewind();
    }

    @Override
    public int inputColumns() {
        return (int) data.features().size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) data.targetRows(0, 1).size(1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
