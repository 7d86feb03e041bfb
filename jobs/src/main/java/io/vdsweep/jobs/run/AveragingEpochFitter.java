package io.vdsweep.jobs.run;

import io.vdsweep.core.data.ShuffledBatches;
import io.vdsweep.core.random.TrialSeeds;
import io.vdsweep.core.train.Denormals;
import io.vdsweep.core.train.EpochFitter;
import io.vdsweep.core.train.TrialData;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits an epoch data-parallel with dl4j-spark parameter averaging. The epoch's minibatches (the same
 * {@link ShuffledBatches} a local run fits) are cut into rounds of {@code workers × frequency}; in each round worker
 * w fits minibatches w, w + workers, ... of the round, then the driver averages parameters and Adam's moments
 * ({@code saveUpdater}). Executors load the trial's data themselves and build their minibatches by index.
 *
 * <p>Each worker keeps one noise stream for the whole epoch: a {@link NoiseCarrier} hook restores its ND4J random
 * state at the start of every round and reports it, with each minibatch's loss, after every fit. Worker 0's stream
 * is the one the trainer seeded on the driver, so with one worker the epoch fits exactly the minibatches, in the
 * order and with the noise of a local run, and the reported losses let the trainer detect divergence the same way.
 * One fit per round keeps dl4j-spark from splitting the data itself (which it does at random).
 */
final class AveragingEpochFitter implements EpochFitter {

    /** Executor-side cache of a trial's data, so the rounds of an epoch do not reload it (one trial at a time). */
    private static final Map<String, TrialData> EXECUTOR_DATA = new HashMap<>();

    private final JavaSparkContext jsc;
    private final TrialCodec codec;
    private final RunSettings settings;
    private final int workers;
    private final int frequency;
    private final int batchSize;
    private final int minibatches;
    private final ParameterAveragingTrainingMaster master;

    AveragingEpochFitter(JavaSparkContext jsc, TrialCodec codec, RunSettings settings, int workers, int frequency,
            int batchSize, int examples) {
        this.jsc = jsc;
        this.codec = codec;
        this.settings = settings;
        this.workers = workers;
        this.frequency = frequency;
        this.batchSize = batchSize;
        this.minibatches = (examples + batchSize - 1) / batchSize;
        this.master = new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(frequency)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .rngSeed(codec.seed())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .build();
    }

    @Override
    public MultiLayerNetwork fitEpoch(MultiLayerNetwork net, int epoch, MinibatchReport report) {
        long[][] noise = startingNoise();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, net, master);
        int perRound = workers * frequency;
        for (int first = 0; first < minibatches; first += perRound) {
            int end = Math.min(first + perRound, minibatches);
            CollectionAccumulator<NoiseCarrier.Fitted> fitted = jsc.sc().collectionAccumulator();
            master.setTrainingHookList(List.of(new WorkerHelpers(), new NoiseCarrier(noise, first, workers, fitted)));
            TrialCodec c = codec;
            RunSettings s = settings;
            int b = batchSize;
            int w = workers;
            int start = first;
            // A short last round has fewer minibatches than workers: dl4j-spark cannot average a worker without data.
            int busy = Math.min(workers, end - first);
            JavaRDD<DataSet> round = jsc.parallelize(IntStream.range(0, busy).boxed().collect(Collectors.toList()),
                    busy).mapPartitions(ids -> partitionBatches(c, s, b, epoch, start, end, ids.next(), w));
            int iterations = sparkNet.getNetwork().getIterationCount();
            sparkNet.fit(round);
            // dl4j-spark advances the count by the averaging frequency even for a short last round; Adam's bias
            // correction reads it, so it must count the steps each worker actually took.
            sparkNet.getNetwork().setIterationCount(iterations + (end - first + workers - 1) / workers);
            // The averaged updater state goes out to the workers of the next round: without its denormals (rounds
            // are a few minibatches per worker, so this is as often as the local fitter's flush or more).
            Denormals.flushUpdaterState(sparkNet.getNetwork());
            Map<Integer, NoiseCarrier.Fitted> inOrder = new TreeMap<>();
            fitted.value().forEach(f -> inOrder.put(f.minibatch(), f));   // a re-executed task reports again
            for (NoiseCarrier.Fitted f : inOrder.values()) {
                report.fitted(f.minibatch(), f.loss(), f.examples());
                noise[f.worker()] = new long[] {f.rootState(), f.nodeState()};
            }
        }
        Nd4j.getRandom().setStates(noise[0][0], noise[0][1]);
        return sparkNet.getNetwork();
    }

    /** Worker 0 continues the stream the trainer seeded on this thread; the others get streams derived from it. */
    private long[][] startingNoise() {
        Random random = Nd4j.getRandom();
        long[][] noise = new long[workers][];
        noise[0] = new long[] {random.rootState(), random.nodeState()};
        for (int w = 1; w < workers; w++) {
            random.setSeed(TrialSeeds.averagingWorker(noise[0][0], noise[0][1], w));
            noise[w] = new long[] {random.rootState(), random.nodeState()};
        }
        random.setStates(noise[0][0], noise[0][1]);
        return noise;
    }

    private static synchronized TrialData executorData(Trial trial, RunSettings settings) {
        TrialData data = EXECUTOR_DATA.get(trial.id());
        if (data == null) {
            EXECUTOR_DATA.clear();
            data = TrialData.load(trial.config().dataSpec(), settings.datasetFolder(trial.config().dataset()),
                    trial.config().netSpec().architecture().convolutional(), trial.seed());
            EXECUTOR_DATA.put(trial.id(), data);
        }
        return data;
    }

    /**
     * On an executor: worker {@code worker}'s minibatches of the round [{@code first}, {@code end}) of
     * {@code epoch} — minibatch first + worker, then every {@code workers}-th.
     */
    static Iterator<DataSet> partitionBatches(TrialCodec codec, RunSettings settings, int batchSize, int epoch,
            int first, int end, int worker, int workers) {
        Trial trial = codec.trial();
        ShuffledBatches batches = new ShuffledBatches(executorData(trial, settings).train(), batchSize, trial.seed(),
                true);
        batches.startEpoch(epoch);
        List<DataSet> mine = new ArrayList<>();
        for (int i = first + worker; i < end; i += workers) {
            mine.add(batches.minibatch(i));
        }
        return mine.iterator();
    }
}
