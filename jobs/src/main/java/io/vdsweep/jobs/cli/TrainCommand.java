package io.vdsweep.jobs.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdsweep.core.data.DatasetFetcher;
import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.eval.Metrics;
import io.vdsweep.core.layers.LayerSparsity;
import io.vdsweep.core.nets.NetSpec;
import io.vdsweep.core.train.TrainSpec;
import io.vdsweep.core.train.TrialRunner;
import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.TrialConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vdsweep train}: one trial on this JVM, no Spark — the quickest way to reproduce a single number. Its
 * settings are the sweep knobs, one {@code --<knob>} flag each (underscores as dashes) with the sweep defaults, on
 * top of an optional {@code --config-json} copied from a results row; prints one line per epoch and the final
 * evaluation.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train and evaluate one trial locally (no Spark); prints per-epoch and final metrics.")
final class TrainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--config-json", paramLabel = "JSON", description = "a trial's config_json from a results row; "
            + "--<knob> flags override its values")
    String configJson;
    @Option(names = "--seed", defaultValue = "1", description = "trial seed: a results row's seed reproduces that "
            + "trial (${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--checkpoint", description = "checkpoint file: written every epoch, resumed from if present")
    Path checkpoint;
    @Option(names = "--data-dir", description = "folder with the dataset's standard files (default: fetch and cache)")
    Path dataDir;

    /** The command with one {@code --<knob>} option per {@link Knob}. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainCommand());
        for (Knob<?> knob : Knob.ALL) {
            cli.getCommandSpec().addOption(OptionSpec.builder(flag(knob)).paramLabel(knob.key().toUpperCase())
                    .type(String.class).description(knob.doc() + " (default: " + knob.canonical(knob.defaultValue())
                            + ")").build());
        }
        return cli;
    }

    private static String flag(Knob<?> knob) {
        return "--" + knob.key().replace('_', '-');
    }

    /** The trial these arguments describe: defaults, then {@code --config-json}, then the knob flags. */
    TrialConfig config() {
        Map<String, Object> canonical = new HashMap<>();
        if (configJson != null) {
            try {
                canonical.putAll(JSON.readValue(configJson, new TypeReference<Map<String, Object>>() { }));
            } catch (IOException e) {
                throw new IllegalArgumentException("--config-json: not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        Map<Knob<?>, Object> values = new HashMap<>();
        for (Knob<?> knob : Knob.ALL) {
            String flagged = spec.findOption(flag(knob)).getValue();
            Object value = flagged != null ? flagged : canonical.get(knob.key());
            if (value != null) {
                try {
                    values.put(knob, knob.parse(String.valueOf(value)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException((flagged != null ? flag(knob) : "--config-json " + knob.key())
                            + ": " + e.getMessage());
                }
            }
        }
        Object replicate = canonical.get("replicate");
        return TrialConfig.of(values, replicate instanceof Number n ? n.longValue() : 0);
    }

    @Override
    public Integer call() {
        TrialConfig config = config();
        NetSpec net = config.netSpec();
        TrainSpec train = config.trainSpec();
        Path dir = dataDir != null ? dataDir
                : new DatasetFetcher(DatasetFetcher.defaultCacheRoot()).fetch(config.dataset());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %s k=%s on %s%s, %d epochs, lr %s (%s), KL %s, seed %d%n", net.architecture().id(),
                net.variant().id(), net.width(), config.dataset().id(), config.randomLabels() ? " (random labels)" : "",
                train.epochs(), train.learningRate(), train.lrSchedule().describe(), train.klSchedule().describe(),
                seed);
        boolean characters = config.dataset().kind() == Dataset.Kind.CHARACTERS;
        TrialRunner.Outcome outcome = TrialRunner.run(config.dataSpec(), net, train, seed, dir, checkpoint, m -> {
            out.printf("epoch %3d  loss %.4f  nll %.4f  beta %.3f  lr %.2e  train acc %.4f  test acc %.4f  "
                    + "%ssparsity %.4f  %.1f s  %.0f ex/s%n", m.epoch(), m.trainLoss(), m.trainNll(), m.klWeight(),
                    m.learningRate(), m.trainAccuracy(), m.testAccuracy(), characters
                            ? String.format("test bpc %.3f  ", m.testNll() / Math.log(2)) : "", m.sparsity(),
                    m.wallSeconds(), m.examplesPerSecond());
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
        out.printf("sparsity per layer:%s; overall %.2f%%; compression %s; %.0f s%n", layers, 100 * m.sparsity(),
                Metrics.compressionText(m.compression()), outcome.seconds());
        if (characters) {
            out.printf("test bits per character %.4f%n", m.testNll() / Math.log(2));
        }
        if (!m.structure().units().isEmpty()) {
            double flops = m.structure().flopsReduction();
            out.printf("units %s of %s; %s; CPU inference %.2fx faster (measured)%n",
                    dashed(m.structure().unitsKept()), dashed(m.structure().units()), Double.isInfinite(flops)
                            ? "no FLOPs left" : String.format(java.util.Locale.ROOT, "FLOPs %.2fx fewer", flops),
                    m.cpuSpeedup());
        }
        out.flush();
        return 0;
    }

    private static String dashed(java.util.List<Long> units) {
        return units.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("-"));
    }
}
