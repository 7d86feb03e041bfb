package io.vdsweep.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan}: trials per axis value and mode, the list when short or asked for, JSON that tools can read. */
class PlanCommandTest {

    @TempDir
    Path dir;

    private static final Path QUICKSTART = Path.of("..", "conf", "quickstart.yaml");

    @Test
    void summarisesTheAxesAndListsAShortSweep() {
        CliRun run = CliRun.of("plan", QUICKSTART.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("  variant          binary-dropout ×4, sparse-vd ×4\n"), run.out());
        assertTrue(run.out().contains("  width            0.5 ×4, 1.0 ×4\n"), run.out());
        assertTrue(run.out().contains("  mode             task ×8\n"), run.out());
        for (var t : TrialExpansion.expand(SweepParser.parse(QUICKSTART))) {
            assertTrue(run.out().contains(t.id() + " task"), t.id() + " listed");
        }
    }

    @Test
    void aLongSweepIsListedOnlyOnRequestAndJsonHoldsEveryTrial() throws Exception {
        Path sweep = Files.writeString(dir.resolve("long.yaml"), Files.readString(QUICKSTART)
                .replace("repeats: 1", "") + "repeats: 4\n");
        CliRun summary = CliRun.of("plan", sweep.toString());
        assertEquals(0, summary.exitCode(), summary.err());
        assertTrue(summary.out().contains("(32 trials: list them with --trials, or --json)"), summary.out());
        assertTrue(summary.out().contains("  replicate        0 ×8, 1 ×8, 2 ×8, 3 ×8\n"), summary.out());
        assertFalse(summary.out().contains("trial_id"), summary.out());
        assertEquals(32 + 1, CliRun.of("plan", sweep.toString(), "--trials").out().lines()
                .filter(l -> l.contains("lenet-300-100/") || l.startsWith("trial_id")).count());

        JsonNode json = new ObjectMapper().readTree(CliRun.of("plan", sweep.toString(), "--json").out());
        assertEquals(32, json.get("trials").asInt());
        assertEquals(32, json.get("list").size());
        assertEquals(16, json.get("axes").get("labels").get("true").asInt());
        assertTrue(json.get("list").get(0).get("est_core_seconds").asDouble() > 0);
    }

    @Test
    void aSearchShowsItsBracketsAndWhatTheRungsSave() throws Exception {
        Path sweep = Path.of("..", "conf", "bench", "search.yaml");
        CliRun run = CliRun.of("plan", sweep.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("search: successive halving on test_acc (max) at epochs 2, 6, keeping 1 in 3 of "
                + "each bracket; 2 brackets (competing: lr, log_sigma2_init); ~"), run.out());
        JsonNode json = new ObjectMapper().readTree(CliRun.of("plan", sweep.toString(), "--json").out());
        JsonNode search = json.get("search");
        assertEquals(2, search.get("brackets").asInt());
        // 9 configurations per bracket: 9 train 2 epochs, 3 train 4 more, 1 trains the last 6 of 12: 36 of 108.
        assertEquals(json.get("est_core_seconds").asDouble() / 3, search.get("est_core_seconds_with_stops")
                .asDouble(), 1e-6 * json.get("est_core_seconds").asDouble());
    }
}
