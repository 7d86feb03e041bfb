package io.vdsweep.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.nets.Variant;
import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.spec.TrialConfig;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code vdsweep train} takes the sweep knobs, with the sweep defaults, and reruns a results row. */
class TrainCommandTest {

    private static TrialConfig parse(String... args) {
        CommandLine cli = TrainCommand.commandLine();
        cli.parseArgs(args);
        return ((TrainCommand) cli.getCommand()).config();
    }

    @Test
    void withoutFlagsATrialIsTheSweepDefault() {
        assertEquals(TrialConfig.of(Map.of(), 0), parse());
    }

    @Test
    void aResultsRowsConfigIsRebuiltAndFlagsOverrideIt() {
        Trial trial = TrialExpansion.expand(SweepParser.parse(java.nio.file.Path.of("..", "conf", "quickstart.yaml")))
                .get(3);
        assertEquals(trial.config(), parse("--config-json", trial.configJson()));
        Map<io.vdsweep.sweeps.spec.Knob<?>, Object> changed = new HashMap<>();
        for (Knob<?> knob : Knob.ALL) {
            changed.put(knob, knob.of(trial.config()));
        }
        changed.put(Knob.EPOCHS, 7);
        changed.put(Knob.VARIANT, Variant.VD_LAYER);
        assertEquals(TrialConfig.of(changed, trial.config().replicate()),
                parse("--config-json", trial.configJson(), "--epochs", "7", "--variant", "vd-layer"));
    }

    @Test
    void aBadFlagIsOneLineNamingItAndExitTwo() {
        CliRun run = CliRun.of("train", "--lr-schedule", "sometimes");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("vdsweep: --lr-schedule: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void trainsOneTrialAndPrintsItsEvaluation() {
        CliRun run = CliRun.of("train", "--width", "0.1", "--epochs", "1", "--train-limit", "500", "--test-limit",
                "200", "--ensemble", "2", "--labels", "random");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("lenet-300-100 sparse-vd k=0.1 on mnist (random labels), 1 epochs"), run.out());
        assertTrue(run.out().contains("epoch   0  loss "), run.out());
        assertTrue(run.out().contains("test error "), run.out());
    }
}
