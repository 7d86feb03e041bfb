package io.vdsweep.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.jobs.TinySweeps;
import io.vdsweep.jobs.store.ResultStore;
import io.vdsweep.jobs.store.ResultsLock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rerun of a finished sweep is answered from its files without Spark, with the same summary table; whenever a
 * run could have work (a stale summary, a changed sweep, a held lock) it takes the Spark path instead.
 */
class RunCommandTest {

    private static final String SWEEP = TinySweeps.oneEpoch("resume", 3) + "seeds: [1, 2]\n";

    private static final String WITHOUT_SPARK = "read from the results files without starting Spark";

    @TempDir
    Path dir;

    private CliRun run(Path sweep, Path results) {
        CliRun run = CliRun.of("run", sweep.toString(), "--results", results.toString());
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    /** The summary table: the lines from its header to the Parquet line. */
    private static List<String> table(CliRun run) {
        List<String> lines = run.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("architecture")).findFirst().orElseThrow());
        return lines.subList(header, lines.size() - 1);
    }

    @Test
    void aFinishedSweepIsAnsweredFromItsFiles() throws Exception {
        Path sweep = dir.resolve("resume.yaml");
        Files.writeString(sweep, SWEEP);
        Path results = dir.resolve("results");

        CliRun first = run(sweep, results);
        assertTrue(first.out().contains("2 trials: 0 already done, 2 OK now, 0 failed"), first.out());
        assertFalse(first.out().contains(WITHOUT_SPARK), first.out());

        CliRun again = run(sweep, results);
        assertTrue(again.out().contains(WITHOUT_SPARK) && again.out().contains("sweep resume: 2 trials, 2 already done, 0 "
                + "to run") && again.out().contains("2 trials: 2 already done, 0 OK now"), again.out());
        assertEquals(table(first), table(again));

        // A summary older than a trials file (a run that died before its summary): Spark rewrites the summary.
        try (Stream<Path> files = Files.list(results.resolve("summary").resolve("sweep=resume"))) {
            for (Path summary : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                Files.setLastModifiedTime(summary, FileTime.from(Instant.now().minusSeconds(3600)));
            }
        }
        CliRun stale = run(sweep, results);
        assertFalse(stale.out().contains(WITHOUT_SPARK), stale.out());
        assertEquals(table(first), table(stale));

        // Another trial in the sweep: Spark runs it.
        Files.writeString(sweep, SWEEP.replace("seeds: [1, 2]", "seeds: [1, 2, 3]"));
        CliRun grown = run(sweep, results);
        assertTrue(grown.out().contains("3 trials: 2 already done, 1 OK now"), grown.out());
        assertTrue(run(sweep, results).out().contains(WITHOUT_SPARK));

        // A held lock: the Spark path, which reports it.
        ResultStore store = new ResultStore(SharedSpark.get(), results.toString(), "resume");
        try (ResultsLock held = store.lock(false, new PrintWriter(new StringWriter()))) {
            CliRun locked = CliRun.of("run", sweep.toString(), "--results", results.toString());
            assertEquals(VdSweep.EXIT_RESULTS, locked.exitCode(), locked.out());
        }
    }
}
