package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.backend.NativeBackend;
import io.vdsweep.jobs.Parquet;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny sweep on real MNIST end to end in local[2]: rows land, resume skips, failures are recorded. */
class SweepDriverTest {

    static final String TINY = """
            name: tiny
            seed: 3
            base:
              dataset: mnist
              architecture: lenet-300-100
              width: 0.1
              epochs: 2
              batch: 50
              lr: 0.005
              lr_schedule: constant
              kl_schedule: ramp:0.5,0.5
              ensemble: 3
              train_limit: 600
              test_limit: 300
            grid:
              variant: [no-dropout, sparse-vd]
              labels: [true, random]
            execution:
              mode: task
              retries: 2
            """;

    @TempDir
    Path dir;

    private SweepDriver.Outcome run(String yaml, StringWriter log) {
        SweepSpec spec = SweepParser.parse("tiny.yaml", yaml);
        return new SweepDriver(SharedSpark.get(), new RunSettings("", dir.resolve("ckpt").toString()),
                new PrintWriter(log, true)).run(spec, dir.resolve("results").toString());
    }

    @Test
    void rowsLandResumeSkipsAndTheSummaryAggregates() throws Exception {
        StringWriter log = new StringWriter();
        SweepDriver.Outcome first = run(TINY, log);
        assertEquals(4, first.ok(), log.toString());
        Path results = dir.resolve("results");
        List<Trial> expected = TrialExpansion.expand(SweepParser.parse("tiny.yaml", TINY));
        Set<String> ids = expected.stream().map(Trial::id).collect(Collectors.toSet());
        List<List<Object>> rows = Parquet.query(results, "trials",
                "SELECT trial_id, status, attempt, sweep, test_acc, sparsity, variant, labels, seed FROM {table}");
        assertEquals(4, rows.size());
        assertEquals(ids, rows.stream().map(r -> (String) r.get(0)).collect(Collectors.toSet()));
        for (List<Object> r : rows) {
            assertEquals("OK", r.get(1));
            assertEquals(1, ((Number) r.get(2)).intValue());
            assertEquals("tiny", r.get(3));
        }
        // Science that must show even at this size: Sparse VD prunes, the plain net does not.
        double svdSparsity = ((Number) Parquet.query(results, "trials",
                "SELECT avg(sparsity) FROM {table} WHERE variant = 'sparse-vd'").get(0).get(0)).doubleValue();
        assertTrue(svdSparsity > 0.3, "sparse-vd sparsity " + svdSparsity);
        assertEquals(0L, Parquet.count(results, "trials", "variant = 'no-dropout' AND sparsity > 0"));
        assertEquals(8L, Parquet.count(results, "epochs", "true"), "2 epochs x 4 trials");
        assertEquals(4L, Parquet.count(results, "summary", "n = 1"));
        assertEquals(1L, ((Number) Parquet.query(results, "trials",
                "SELECT count(DISTINCT git_commit) FROM {table} WHERE config_json LIKE '%\"replicate\":0%'")
                .get(0).get(0)).longValue());
        assertTrue(Files.isRegularFile(results.resolve("_sweeps/tiny/resolved.json")));
        assertEquals(List.of(List.of(NativeBackend.describe())), Parquet.query(results, "trials",
                "SELECT DISTINCT backend FROM {table}"), "every row names the native build that ran it");

        List<String> summaryFiles = listing(results.resolve("summary/sweep=tiny"));
        StringWriter again = new StringWriter();
        SweepDriver.Outcome second = run(TINY, again);
        assertEquals(4, second.alreadyDone(), again.toString());
        assertEquals(0, second.ok() + second.failed());
        assertEquals(4L, Parquet.count(results, "trials", "true"), "no duplicate rows after a rerun");
        assertEquals(4L, second.summary().count());
        assertEquals(summaryFiles, listing(results.resolve("summary/sweep=tiny")), "a no-op resume rewrites nothing");
    }

    @Test
    void aDeterministicFailureIsRecordedOnceAndTheSweepGoesOn() throws Exception {
        String yaml = TINY.replace("  variant: [no-dropout, sparse-vd]\n  labels: [true, random]",
                "  pretrained: [\"\", /nonexistent/model.zip]");
        StringWriter log = new StringWriter();
        SweepDriver.Outcome outcome = run(yaml, log);
        assertEquals(1, outcome.ok(), log.toString());
        assertEquals(1, outcome.failed(), log.toString());
        Path results = dir.resolve("results");
        List<List<Object>> failed = Parquet.query(results, "trials",
                "SELECT attempt, error, retryable FROM {table} WHERE status = 'FAILED'");
        assertEquals(1, failed.size(), "not retried: a missing pretrained model fails every time");
        assertTrue(((String) failed.get(0).get(1)).startsWith("IllegalArgumentException: pretrained: cannot read"),
                failed.toString());
        assertEquals(false, failed.get(0).get(2));

        StringWriter rerun = new StringWriter();
        SweepDriver.Outcome second = run(yaml, rerun);
        assertEquals(1, second.alreadyDone());
        assertEquals(1, second.failed(), "a deterministic failure stays failed");
        assertTrue(rerun.toString().contains("1 trials failed in a way a rerun repeats"), rerun.toString());
        assertEquals(1L, Parquet.count(results, "trials", "status = 'FAILED'"), "and is not attempted again");

        SweepSpec spec = SweepParser.parse("tiny.yaml", yaml);
        SweepDriver.Outcome retried = new SweepDriver(SharedSpark.get(), new RunSettings("", ""),
                new PrintWriter(new StringWriter(), true)).run(spec, results.toString(), new SweepDriver.Options(true, false));
        assertEquals(1, retried.failed());
        assertEquals(List.of(List.of(2)), Parquet.query(results, "trials",
                "SELECT max(attempt) FROM {table} WHERE status = 'FAILED'"), "--retry-failed runs it again");
    }

    /** 64 small trials of one epoch (32 fail at once: a missing pretrained model), in 8 tasks of 8 on 2 slots. */
    private static final String SMALL_TRIALS = TINY.replace("  variant: [no-dropout, sparse-vd]\n  labels: [true, random]",
            "  lr: [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008]\n"
                    + "  pretrained: [\"\", /nonexistent/model.zip]").replace("epochs: 2", "epochs: 1")
            + "repeats: 4\n";

    /** Spark jobs started while a run goes: tasks of several small trials, and tasks of one. */
    private static final class TrialJobs extends org.apache.spark.scheduler.SparkListener implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger single = new java.util.concurrent.atomic.AtomicInteger();

        TrialJobs() {
            SharedSpark.get().sparkContext().addSparkListener(this);
        }

        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
            String description = start.properties().getProperty("spark.job.description", "");
            if (description.startsWith("vdsweep trials ")) {
                batches.incrementAndGet();
            } else if (description.startsWith("vdsweep trial ")) {
                single.incrementAndGet();
            }
        }

        @Override
        public void close() {
            SharedSpark.get().sparkContext().removeSparkListener(this);
        }
    }

    @Test
    void smallTrialsShareTasksAndEachStillLandsOnceWithItsOwnOutcome() throws Exception {
        StringWriter log = new StringWriter();
        SweepDriver.Outcome outcome;
        TrialJobs jobs = new TrialJobs();
        try (jobs) {
            outcome = run(SMALL_TRIALS, log);
        }
        assertEquals(32, outcome.ok(), log.toString());
        assertEquals(32, outcome.failed(), log.toString());
        assertEquals(8, jobs.batches.get(), "64 small trials on 2 slots: 8 tasks of 8 (" + jobs.single.get()
                + " alone)");
        assertEquals(0, jobs.single.get(), "a deterministic failure in a batch is not retried alone");
        Path results = dir.resolve("results");
        assertEquals(List.of(List.of(64L, 64L, 1L)), Parquet.query(results, "trials", "SELECT count(*), "
                + "count(DISTINCT trial_id), max(attempt) FROM {table}").stream().map(r -> r.stream()
                .map(v -> (Object) ((Number) v).longValue()).toList()).toList());
        assertEquals(32L, Parquet.count(results, "trials", "status = 'FAILED' AND pretrained <> '' AND NOT retryable"));
        assertEquals(32L, Parquet.count(results, "epochs", "true"), "one epoch of each OK trial");
        assertEquals(64, log.toString().lines().filter(l -> l.startsWith("[")).count(), "a progress line per trial");
    }

    @Test
    void aBatchCommitThatFailsStopsTheRunBeforeTheRestStartsAndTheRerunCompletesIt() throws Exception {
        // trials/sweep=tiny is a file: every commit fails after its epochs file landed. Batches commit on their own
        // threads while the slots go on; the first failure must still stop the run and leave nothing visible.
        Path results = dir.resolve("results");
        Files.createDirectories(results.resolve("trials"));
        Files.writeString(results.resolve("trials/sweep=tiny"), "in the way");
        TrialJobs jobs = new TrialJobs();
        try (jobs) {
            io.vdsweep.jobs.store.ResultsException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.vdsweep.jobs.store.ResultsException.class, () -> run(SMALL_TRIALS, new StringWriter()));
            assertTrue(e.getMessage().startsWith("results: cannot write under "), e.getMessage());
        }
        assertTrue(jobs.batches.get() < 8, "tasks started after a commit failed: " + jobs.batches.get() + " of 8");
        assertEquals(List.of(), parquetFiles(results.resolve("epochs/sweep=tiny")), "no orphaned epochs");

        Files.delete(results.resolve("trials/sweep=tiny"));
        StringWriter log = new StringWriter();
        SweepDriver.Outcome rerun = run(SMALL_TRIALS, log);
        assertEquals(32, rerun.ok(), log.toString());
        assertEquals(List.of(List.of(64L, 64L)), Parquet.query(results, "trials", "SELECT count(*), "
                + "count(DISTINCT trial_id) FROM {table}").stream().map(r -> r.stream()
                .map(v -> (Object) ((Number) v).longValue()).toList()).toList());
    }

    @Test
    void aResultsPathWithGlobCharactersIsTakenLiterally() {
        String one = TINY.replace("  variant: [no-dropout, sparse-vd]\n  labels: [true, random]",
                "  variant: [no-dropout]");
        SweepSpec spec = SweepParser.parse("one.yaml", one);
        String results = dir.resolve("results[1]").toString();
        StringWriter log = new StringWriter();
        SweepDriver driver = new SweepDriver(SharedSpark.get(), new RunSettings("", ""), new PrintWriter(log, true));
        assertEquals(1, driver.run(spec, results).ok(), log.toString());
        SweepDriver.Outcome again = driver.run(spec, results);
        assertEquals(1, again.alreadyDone(), log.toString());
        assertEquals(1L, again.summary().count());
    }

    private static List<Path> parquetFiles(Path folder) throws java.io.IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
    }

    private static List<String> listing(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName() + "@" + p.toFile().lastModified()).sorted().toList();
        }
    }
}
