package io.vdsweep.jobs.run;

import io.vdsweep.core.data.ShuffledBatches;
import io.vdsweep.core.eval.Evaluator;
import io.vdsweep.core.eval.Metrics;
import io.vdsweep.core.layers.VariationalLayers;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.train.Checkpoint;
import io.vdsweep.core.train.EpochMetrics;
import io.vdsweep.core.train.PretrainedInit;
import io.vdsweep.core.train.Trainer;
import io.vdsweep.core.train.TrialData;
import io.vdsweep.core.train.TrialRunner;
import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.spec.ExecutionSpec;
import io.vdsweep.sweeps.spec.TrialConfig;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialCodec;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One trial trained data-parallel across executors with dl4j-spark's parameter averaging. The driver holds the
 * network, sets the learning rate and KL weight per epoch (they travel with the configuration broadcast at each
 * fit), evaluates and checkpoints; executors load the data themselves, per partition ({@link #partitionBatches}),
 * instead of receiving a driver-side list. {@code saveUpdater(true)} keeps Adam's moments across averagings and
 * {@code rngSeed} fixes the data split (otherwise the updater is reset at every averaging, whatever dl4j-spark
 * 1.0.0-M2's Javadoc says, and the split is random).
 */
public final class AveragingExecution {

    /** Executor-side cache of a trial's data, so the splits of one fit do not reload it (one trial at a time). */
    private static final Map<String, TrialData> EXECUTOR_DATA = new HashMap<>();

    private AveragingExecution() {
    }

    public static ResultRows.Rows run(JavaSparkContext jsc, Trial trial, int attempt, ExecutionSpec execution,
            RunSettings settings) {
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        int workers = execution.workers();
        try {
            TrialConfig config = trial.config();
            var train = config.trainSpec();
            var netSpec = config.netSpec();
            TrialData data = load(trial, settings);
            MultiLayerNetwork net = new MultiLayerNetwork(NetBuilder.build(netSpec, trial.seed(), train.learningRate()));
            net.init();
            if (train.pretrained() != null) {
                PretrainedInit.apply(net, new File(train.pretrained()));
            }
            Path checkpoint = settings.checkpoint(trial.sweep(), trial.id());
            List<EpochMetrics> epochs = new ArrayList<>();
            int first = 0;
            Checkpoint.Restored restored = checkpoint == null ? null : Checkpoint.load(checkpoint);
            if (restored != null) {
                net = restored.net();
                first = restored.progress().nextEpoch();
                epochs.addAll(restored.progress().epochs());
            }
            VariationalLayers.setTrainingSetSize(net, data.train().count());
            ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(
                    execution.batchPerWorker())
                    .batchSizePerWorker(execution.batchPerWorker())
                    .averagingFrequency(execution.averagingFrequency())
                    .workerPrefetchNumBatches(0)
                    .saveUpdater(true)
                    .rngSeed(trial.seed())
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartionData(Repartition.Never)
                    .build();
            SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, net, master);
            TrialCodec codec = TrialCodec.of(trial);
            int batchPerWorker = execution.batchPerWorker();
            for (int epoch = first; epoch < train.epochs(); epoch++) {
                double lr = train.lrSchedule().rate(train.learningRate(), epoch, train.epochs());
                double beta = train.klSchedule().weight(epoch);
                sparkNet.getNetwork().setLearningRate(lr);
                VariationalLayers.setKlWeight(sparkNet.getNetwork(), beta);
                final int e = epoch;
                JavaRDD<DataSet> batches = jsc.parallelize(IntStream.range(0, workers).boxed()
                        .collect(Collectors.toList()), workers)
                        .mapPartitions(ids -> partitionBatches(codec, settings, e, ids.next(), workers,
                                batchPerWorker));
                long t0 = System.nanoTime();
                sparkNet.fit(batches);
                double seconds = (System.nanoTime() - t0) / 1e9;
                EpochMetrics metrics = Trainer.measure(sparkNet.getNetwork(), data, epoch, Double.NaN, beta, lr,
                        seconds, data.train().count());
                epochs.add(metrics);
                if (checkpoint != null) {
                    Checkpoint.save(checkpoint, sparkNet.getNetwork(), new Checkpoint.Progress(epoch + 1, epochs));
                }
            }
            Metrics metrics = Evaluator.evaluate(sparkNet.getNetwork(), data.train(), data.test(), train.ensembleSize());
            TrialRunner.Outcome outcome = new TrialRunner.Outcome(metrics, epochs, first,
                    sparkNet.getNetwork().getLayerWiseConfigurations().toJson(), data.checksums(),
                    (System.nanoTime() - startNanos) / 1e9);
            ResultRows.Rows rows = ResultRows.ok(attempt(trial, attempt, workers, start), outcome);
            TaskExecution.deleteCheckpoint(settings, trial);
            return rows;
        } catch (Exception e) {    // Spark rethrows task failures as (checked) SparkException
            return ResultRows.failed(attempt(trial, attempt, workers, start), TaskExecution.oneLine(e),
                    TaskExecution.isRetryable(e));
        }
    }

    private static ResultRows.Attempt attempt(Trial trial, int attempt, int workers, Instant start) {
        return new ResultRows.Attempt(trial, attempt, "averaging", workers, BuildInfo.here(), start, Instant.now());
    }

    private static TrialData load(Trial trial, RunSettings settings) {
        TrialConfig c = trial.config();
        return TrialData.load(c.dataSpec(), settings.datasetFolder(c.dataset()),
                c.netSpec().architecture().convolutional(), trial.seed() ^ 0x5DEECE66DL);
    }

    private static synchronized TrialData executorData(Trial trial, RunSettings settings) {
        TrialData data = EXECUTOR_DATA.get(trial.id());
        if (data == null) {
            EXECUTOR_DATA.clear();
            data = load(trial, settings);
            EXECUTOR_DATA.put(trial.id(), data);
        }
        return data;
    }

    /**
     * On an executor: the minibatches of partition {@code partition} for {@code epoch} — every
     * {@code workers}-th minibatch of the epoch's permutation, the same permutation every partition computes
     * from (seed, epoch), so the partitions cover the training set exactly once.
     */
    static Iterator<DataSet> partitionBatches(TrialCodec codec, RunSettings settings, int epoch, int partition,
            int workers, int batchSize) {
        Trial trial = codec.trial();
        TrialData data = executorData(trial, settings);
        ShuffledBatches batches = new ShuffledBatches(data.train(), batchSize, trial.seed(), true);
        batches.startEpoch(epoch);
        List<DataSet> mine = new ArrayList<>();
        for (int i = 0; batches.hasNext(); i++) {
            DataSet batch = batches.next();
            if (i % workers == partition) {
                mine.add(batch);
            }
        }
        return mine.iterator();
    }
}
