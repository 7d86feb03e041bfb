package io.vdsweep.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.jobs.run.BuildInfo;
import org.junit.jupiter.api.Test;

/** The command line's own surface: one version everywhere, and help for every subcommand. */
class VdSweepTest {

    @Test
    void everyCommandReportsTheBuildsVersion() {
        String version = CliRun.of("--version").out().strip();
        assertTrue(version.startsWith("vdsweep " + BuildInfo.version() + " (commit "), version);
        assertTrue(BuildInfo.version().matches("\\d+\\.\\d+\\.\\d+.*"), "filtered from the pom: " + BuildInfo.version());
        for (String sub : new String[] {"run", "train", "plan", "report", "fetch-data", "doctor"}) {
            CliRun run = CliRun.of(sub, "-V");
            assertEquals(0, run.exitCode(), sub);
            assertEquals(version, run.out().strip(), sub + " -V");
        }
    }

    @Test
    void helpListsTheSubcommandsAndDescribesEach() {
        CliRun help = CliRun.of("help");
        assertEquals(0, help.exitCode(), help.err());
        for (String sub : new String[] {"run", "train", "plan", "report", "fetch-data", "doctor"}) {
            assertTrue(help.out().contains(sub), sub + " in " + help.out());
        }
        CliRun train = CliRun.of("help", "train");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("--lr-schedule=LR_SCHEDULE") && train.out().contains("(default: constant)"),
                train.out());
    }
}
