package io.vdsweep.core.train;

import io.vdsweep.core.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.eval.Evaluator;
import io.vdsweep.core.eval.Metrics;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetBuilder;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.Variant;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {

    @TempDir
    Path dir;

    private static final NetSpec SMALL_VD = new NetSpec(Architecture.LENET_300_100, Variant.SPARSE_VD, 0.1);

    private static MultiLayerNetwork net(NetSpec spec, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(NetBuilder.build(spec, Dataset.MNIST, seed, 1e-2));
        net.init();
        return net;
    }

    private static TrainSpec spec(int epochs) {
        return new TrainSpec(epochs, 50, 1e-2, new LrSchedule.Constant(), new KlSchedule.Ramp(0.2, 0.2), 5, null);
    }

    @Test
    void learnsReportsEveryEpochAndEvaluatesAllModes() {
        TrialData data = TinyData.data(false, false);
        List<EpochMetrics> seen = new ArrayList<>();
        Trainer.Outcome outcome = new Trainer(spec(4), 7, null).train(net(SMALL_VD, 7), data, seen::add);
        assertEquals(4, seen.size());
        assertEquals(seen, outcome.epochs());
        EpochMetrics last = seen.get(3);
        assertEquals(0.8, last.klWeight(), 1e-12);
        assertEquals(1e-2, last.learningRate(), 1e-15);
        assertTrue(last.testAccuracy() > 0.9, last.toString());
        assertTrue(last.kl() > 0 && last.examplesPerSecond() > 0, last.toString());
        assertEquals(last.trainLoss() - 0.8 * last.kl() / 400, last.trainNll(), 1e-9);

        Metrics m = Evaluator.evaluate(outcome.net(), data.train(), data.test(), 5);
        assertEquals(last.testAccuracy(), m.testAccuracy(), 1e-12, "the epoch's test accuracy is deterministic");
        assertTrue(m.testAccuracyStochastic() > 0.5 && m.testAccuracyEnsemble() > 0.5, m.toString());
        assertEquals(3, m.layers().size());
        assertTrue(m.elbo() < 0 && m.kl() > 0, m.toString());
    }

    /**
     * A variance network (q(w) = N(0, σ²), Neklyudov et al. 2019) predicts through its noise: near chance with the
     * noise off, well above it with one sample and better with an ensemble.
     */
    @Test
    void varianceNetworkLearnsThroughItsNoise() {
        TrialData data = TinyData.data(false, false);
        NetSpec variance = new NetSpec(Architecture.LENET_300_100, Variant.VARIANCE, 1);
        TrainSpec train = new TrainSpec(15, 50, 1e-2, new LrSchedule.Constant(), new KlSchedule.Constant(1), 10, null);
        MultiLayerNetwork net = new Trainer(train, 7, null).train(net(variance, 7), data, EpochListener.NONE).net();
        Metrics m = Evaluator.evaluate(net, data.train(), data.test(), 10);
        assertTrue(m.testAccuracy() < 0.5, "no mean to predict with: " + m);
        assertTrue(m.testAccuracyStochastic() > 0.7 && m.testAccuracyEnsemble() > 0.9, m.toString());
    }

    @Test
    void divergenceStopsTheTrialWithItsReason() {
        TrialData data = TinyData.data(false, false);
        data.train().features().putScalar(123, Float.NaN);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(spec(3), 7, null).train(net(SMALL_VD, 7), data, EpochListener.NONE));
        assertTrue(e.getMessage().startsWith("diverged: loss NaN at epoch 0, minibatch "), e.getMessage());
    }

    @Test
    void resumedTrialEndsWhereAnUninterruptedOneDoes() {
        TrialData data = TinyData.data(false, false);
        MultiLayerNetwork straight = new Trainer(spec(3), 11, null).train(net(SMALL_VD, 11), data, EpochListener.NONE)
                .net();

        Path checkpoint = dir.resolve("trial.zip");
        new Trainer(spec(2), 11, checkpoint).train(net(SMALL_VD, 11), data, EpochListener.NONE);
        assertTrue(Files.isRegularFile(checkpoint));
        List<EpochMetrics> after = new ArrayList<>();
        Trainer.Outcome resumed = new Trainer(spec(3), 11, checkpoint).train(net(SMALL_VD, 11), data, after::add);
        assertEquals(2, resumed.resumedAtEpoch());
        assertEquals(1, after.size(), "only the remaining epoch runs");
        assertEquals(3, resumed.epochs().size(), "earlier epochs come back from the checkpoint");
        assertTrue(straight.params().equalsWithEps(resumed.net().params(), 1e-6), "same parameters after resume");
    }

    /**
     * A search pauses a trial at a rung and continues it later: with a learning rate that decays over all epochs, the
     * paused trial must still follow the uninterrupted one's schedule (a run cut to fewer epochs would not).
     */
    @Test
    void trialPausedAtARungContinuesOnItsWholeSchedule() {
        TrialData data = TinyData.data(false, false);
        TrainSpec linear = new TrainSpec(3, 50, 1e-2, new LrSchedule.Linear(), new KlSchedule.Ramp(0.2, 0.2), 5,
                null);
        MultiLayerNetwork straight = new Trainer(linear, 13, null).train(net(SMALL_VD, 13), data, EpochListener.NONE)
                .net();
        Path checkpoint = dir.resolve("paused.zip");
        Trainer trainer = new Trainer(linear, 13, checkpoint);
        Trainer.Outcome paused = trainer.train(net(SMALL_VD, 13), data,
                LocalEpochFitter.FACTORY.create(data, 50, 13), EpochListener.NONE, 1);
        assertEquals(1, paused.epochs().size());
        assertEquals(1e-2, paused.epochs().get(0).learningRate(), 1e-15);
        Trainer.Outcome again = trainer.train(net(SMALL_VD, 13), data, LocalEpochFitter.FACTORY.create(data, 50, 13),
                EpochListener.NONE, 1);
        assertEquals(1, again.resumedAtEpoch(), "a checkpoint at the rung trains nothing more");
        assertEquals(paused.epochs(), again.epochs());
        Trainer.Outcome finished = trainer.train(net(SMALL_VD, 13), data, EpochListener.NONE);
        assertEquals(3, finished.epochs().size());
        assertEquals(1e-2 / 3, finished.epochs().get(2).learningRate(), 1e-12, "the 3-epoch schedule, not a 1-epoch one");
        assertTrue(straight.params().equalsWithEps(finished.net().params(), 1e-6), "same parameters as never paused");
    }

    /** A plain net trained briefly and saved, and the variational net of the same shape started from it. */
    private record Pretrained(MultiLayerNetwork plain, MultiLayerNetwork variational, File file, double meanAbsDiff) {
    }

    /**
     * Trains {@code plainSpec}, saves it, starts {@code variationalSpec} from the file and measures the mean absolute
     * difference of their predicted probabilities on 20 test examples: log σ² = −10 keeps every weight (log α < 3),
     * so the deterministic variational net computes the plain one.
     */
    private Pretrained pretrained(NetSpec plainSpec, NetSpec variationalSpec, TrialData data, int epochs)
            throws Exception {
        MultiLayerNetwork plain = new Trainer(spec(epochs), 5, null).train(net(plainSpec, 5), data, EpochListener.NONE)
                .net();
        File file = dir.resolve(plainSpec.architecture().id() + ".zip").toFile();
        ModelSerializer.writeModel(plain, file, false);
        MultiLayerNetwork variational = net(variationalSpec, 99);
        PretrainedInit.apply(variational, file);
        INDArray x = data.test().inputs(0, 20);
        double diff = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce3.ManhattanDistance(
                plain.output(x), variational.output(x))).getDouble(0) / 200;
        return new Pretrained(plain, variational, file, diff);
    }

    @Test
    void pretrainedPlainLenet5InitialisesSparseVdConvAndDenseMeans() throws Exception {
        Pretrained p = pretrained(new NetSpec(Architecture.LENET_5_CAFFE, Variant.NO_DROPOUT, 0.25),
                new NetSpec(Architecture.LENET_5_CAFFE, Variant.SPARSE_VD, 0.25), TinyData.data(false, true), 1);
        assertEquals(4, p.plain().getLayer(0).getParam("W").rank(), "DL4J's conv kernel is 4-D");
        assertEquals(2, p.variational().getLayer(0).getParam("W").rank(), "ours is the unit-major matrix");
        assertTrue(p.meanAbsDiff() < 1e-3, "the deterministic Sparse VD LeNet-5 computes the plain one: "
                + p.meanAbsDiff());
    }

    /** SBP adds noise layers between the weight layers: the weights still land in the right ones, in order. */
    @Test
    void pretrainedPlainLenet5InitialisesSbpWeightLayers() throws Exception {
        Pretrained p = pretrained(new NetSpec(Architecture.LENET_5_CAFFE, Variant.NO_DROPOUT, 0.25),
                new NetSpec(Architecture.LENET_5_CAFFE, Variant.SBP, 0.25), TinyData.data(false, true), 1);
        assertEquals(p.plain().getLayer(0).getParam("W"), p.variational().getLayer(0).getParam("W"), "conv1");
        assertEquals(p.plain().getLayer(2).getParam("W"), p.variational().getLayer(3).getParam("W"), "conv2");
        assertEquals(p.plain().getLayer(4).getParam("W"), p.variational().getLayer(6).getParam("W"), "dense");
        assertEquals(p.plain().getLayer(5).getParam("b"), p.variational().getLayer(8).getParam("b"), "logits");
        // the deterministic SBP net scales each unit by E[θ] ≈ 0.995 at the start (μ = 0, log σ = −5)
        assertTrue(p.meanAbsDiff() < 0.02, "mean abs difference of probabilities " + p.meanAbsDiff());
    }

    @Test
    void pretrainedPlainNetInitialisesSparseVdMeans() throws Exception {
        Pretrained p = pretrained(new NetSpec(Architecture.LENET_300_100, Variant.NO_DROPOUT, 0.1), SMALL_VD,
                TinyData.data(false, false), 2);
        assertTrue(p.meanAbsDiff() < 1e-3, "mean abs difference of probabilities " + p.meanAbsDiff());
        File file = p.file();
        MultiLayerNetwork vd = p.variational();
        NetSpec lenet5 = new NetSpec(Architecture.LENET_5_CAFFE, Variant.SPARSE_VD, 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PretrainedInit.apply(net(lenet5, 1), file));
        assertTrue(e.getMessage().startsWith("pretrained: "), e.getMessage());
        assertEquals(DataType.FLOAT, vd.params().dataType());
    }
}
