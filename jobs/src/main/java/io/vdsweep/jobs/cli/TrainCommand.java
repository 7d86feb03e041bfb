package io.vdsweep.jobs.cli;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.DatasetFetcher;
import io.vdsweep.core.eval.Metrics;
import io.vdsweep.core.layers.LayerSparsity;
import io.vdsweep.core.nets.Architecture;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.nets.Variant;
import io.vdsweep.core.train.DataSpec;
import io.vdsweep.core.train.KlSchedule;
import io.vdsweep.core.train.LrSchedule;
import io.vdsweep.core.train.TrainSpec;
import io.vdsweep.core.train.TrialRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vdsweep train}: one trial on this JVM, no Spark — the quickest way to reproduce a single number.
 * Prints one line per epoch and the final evaluation.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train and evaluate one trial locally (no Spark); prints per-epoch and final metrics.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist, fashion-mnist, cifar10 (${DEFAULT-VALUE})")
    String dataset;
    @Option(names = "--arch", defaultValue = "lenet-300-100", description = "lenet-300-100, lenet-5-caffe, vgg-like (${DEFAULT-VALUE})")
    String architecture;
    @Option(names = "--variant", defaultValue = "sparse-vd", description = "no-dropout, binary-dropout, gaussian-dropout, sparse-vd, vd-weight, vd-neuron, vd-layer, variance (${DEFAULT-VALUE})")
    String variant;
    @Option(names = "--width", defaultValue = "1", description = "width multiplier k (${DEFAULT-VALUE})")
    double width;
    @Option(names = "--epochs", defaultValue = "200", description = "(${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--batch", defaultValue = "100", description = "(${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--lr-schedule", defaultValue = "constant-then-linear:100", description = "constant, linear, constant-then-linear:E, step:E1,E2xF (${DEFAULT-VALUE})")
    String lrSchedule;
    @Option(names = "--kl-schedule", defaultValue = "authors", description = "authors, constant:B, ramp:S,D (${DEFAULT-VALUE})")
    String klSchedule;
    @Option(names = "--random-labels", description = "train on uniform random labels")
    boolean randomLabels;
    @Option(names = "--seed", defaultValue = "1", description = "(${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--ensemble", defaultValue = "10", description = "K for ensemble accuracy (${DEFAULT-VALUE})")
    int ensemble;
    @Option(names = "--train-limit", defaultValue = "0", description = "use the first n training examples, 0 = all")
    int trainLimit;
    @Option(names = "--pretrained", description = "DL4J model zip whose weights initialise the means")
    String pretrained;
    @Option(names = "--checkpoint", description = "checkpoint file: written every epoch, resumed from if present")
    Path checkpoint;
    @Option(names = "--data-dir", description = "folder with the dataset's standard files (default: fetch and cache)")
    Path dataDir;

    @Override
    public Integer call() {
        Dataset data = Dataset.fromId(dataset);
        NetSpec net = new NetSpec(Architecture.fromId(architecture), Variant.fromId(variant), width, data.channels(),
                data.side(), data.side(), data.classes());
        TrainSpec train = new TrainSpec(epochs, batch, lr, LrSchedule.parse(lrSchedule), KlSchedule.parse(klSchedule),
                ensemble, pretrained);
        DataSpec dataSpec = new DataSpec(data, randomLabels, DataSpec.defaultNormalization(data), trainLimit, 0);
        Path dir = dataDir != null ? dataDir : new DatasetFetcher(DatasetFetcher.defaultCacheRoot()).fetch(data);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %s k=%s on %s%s, %d epochs, lr %s (%s), KL %s, seed %d%n", net.architecture().id(),
                net.variant().id(), width, data.id(), randomLabels ? " (random labels)" : "", epochs, lr,
                train.lrSchedule().describe(), train.klSchedule().describe(), seed);
        TrialRunner.Outcome outcome = TrialRunner.run(dataSpec, net, train, seed, dir, checkpoint, m -> {
            out.printf("epoch %3d  loss %.4f  nll %.4f  beta %.3f  lr %.2e  train acc %.4f  test acc %.4f  "
                    + "sparsity %.4f  %.1f s  %.0f ex/s%n", m.epoch(), m.trainLoss(), m.trainNll(), m.klWeight(),
                    m.learningRate(), m.trainAccuracy(), m.testAccuracy(), m.sparsity(), m.wallSeconds(),
                    m.examplesPerSecond());
            out.flush();
        });
        Metrics m = outcome.metrics();
        out.printf("test error %.2f%% (deterministic), %.2f%% (stochastic), %.2f%% (ensemble of %d); train accuracy "
                + "%.4f; test NLL %.4f; KL %.1f; ELBO %.1f%n", 100 * (1 - m.testAccuracy()),
                100 * (1 - m.testAccuracyStochastic()), 100 * (1 - m.testAccuracyEnsemble()), m.ensembleSize(),
                m.trainAccuracy(), m.testNll(), m.kl(), m.elbo());
        StringBuilder layers = new StringBuilder();
        for (LayerSparsity layer : m.layers()) {
            layers.append(String.format(" %.1f%%", 100 * layer.prunedFraction()));
        }
        out.printf("sparsity per layer:%s; overall %.2f%%; compression %.1fx; %.0f s%n", layers, 100 * m.sparsity(),
                m.compression(), outcome.seconds());
        out.flush();
        return 0;
    }
}
