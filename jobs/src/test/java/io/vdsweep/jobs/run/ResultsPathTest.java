package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.jobs.Parquet;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.jobs.TinySweeps;
import io.vdsweep.jobs.store.ResultStore;
import io.vdsweep.jobs.store.ResultsDoctor;
import io.vdsweep.jobs.store.ResultsException;
import io.vdsweep.jobs.store.ResultsLock;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.spec.SweepSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results path under faults and concurrency: one driver per sweep (the lock, its holder, stale locks), rows
 * that count once even when duplicated, a corrupt file named, and a write that fails leaving nothing behind.
 */
class ResultsPathTest {

    private static final String ONE_TRIAL = TinySweeps.oneEpoch("one", 5) + "  retries: 0\n";

    @TempDir
    Path dir;

    private final SweepSpec spec = SweepParser.parse("one.yaml", ONE_TRIAL);

    private Path results() {
        return dir.resolve("results");
    }

    private SweepDriver.Outcome run(StringWriter log, SweepDriver.Options options) {
        return new SweepDriver(SharedSpark.get(), new RunSettings("", ""), new PrintWriter(log, true))
                .run(spec, results().toString(), options);
    }

    private SweepDriver.Outcome run(StringWriter log) {
        return run(log, SweepDriver.Options.DEFAULT);
    }

    private Path lockFile() {
        return results().resolve("_sweeps/one/run.lock");
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    @Test
    void aSecondDriverOfTheSameSweepStopsAtTheLockNamingItsHolder() throws Exception {
        ResultStore store = new ResultStore(SharedSpark.get(), results().toString(), "one");
        try (ResultsLock held = store.lock(false, new PrintWriter(new StringWriter()))) {
            ResultsException e = assertThrows(ResultsException.class, () -> run(new StringWriter()));
            assertTrue(e.getMessage().contains("is being run into " + results()), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("--break-lock"), e.getMessage());
            assertFalse(Files.exists(results().resolve("trials")), "the second driver wrote nothing");
        }
        StringWriter log = new StringWriter();
        assertEquals(1, run(log).ok(), log.toString());
        assertFalse(Files.exists(lockFile()), "released at the end of the run");
    }

    @Test
    void aLockLeftByAProcessThatIsGoneIsTakenOverAndOneFromAnotherHostNeedsBreakLock() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writeLock(InetAddress.getLocalHost().getHostName(), gone.pid());
        StringWriter log = new StringWriter();
        assertEquals(1, run(log).ok(), log.toString());
        assertTrue(log.toString().contains("taking over the lock of sweep one held by pid " + gone.pid()),
                log.toString());

        writeLock("another-host.example", 4242);
        ResultsException e = assertThrows(ResultsException.class, () -> run(new StringWriter()));
        assertTrue(e.getMessage().contains("pid 4242 on another-host.example"), e.getMessage());
        StringWriter broken = new StringWriter();
        assertEquals(1, run(broken, new SweepDriver.Options(false, true)).alreadyDone(), broken.toString());
        assertTrue(broken.toString().contains("breaking the lock"), broken.toString());
    }

    private void writeLock(String host, long pid) throws IOException {
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), "host=" + host + "\npid=" + pid + "\nsince=2026-01-01T00:00:00Z\n");
    }

    @Test
    void aTrialWhoseOkRowLandedTwiceCountsOnceAndEveryGroupHasItsKey() throws Exception {
        StringWriter log = new StringWriter();
        assertEquals(1, run(log).ok(), log.toString());
        // Two OK rows of one trial, as results copied together by hand would hold.
        Path trials = results().resolve("trials/sweep=one");
        Path original = files(trials).get(0);
        Files.copy(original, trials.resolve("part-copy.parquet"));
        Files.copy(results().resolve("epochs/sweep=one").resolve(original.getFileName()),
                results().resolve("epochs/sweep=one/part-copy.parquet"));
        assertEquals(2L, Parquet.count(results(), "trials", "status = 'OK'"));

        StringWriter again = new StringWriter();
        SweepDriver.Outcome rerun = run(again);
        assertEquals(1, rerun.alreadyDone(), again.toString());
        assertEquals(0, rerun.ok());
        assertEquals(List.of(List.of(1L)), Parquet.query(results(), "summary", "SELECT n FROM {table}"),
                "the summary aggregates the trial once");
        assertEquals(0L, Parquet.count(results(), "summary", "group_key IS NULL"),
                "a group without variational layers keeps its key");
    }

    /** Runs the one-trial sweep and cuts the first file of {@code table} to half its length. */
    private Path runAndTruncate(String table) throws IOException {
        StringWriter log = new StringWriter();
        assertEquals(1, run(log).ok(), log.toString());
        Path file = files(results().resolve(table + "/sweep=one")).get(0);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        return file;
    }

    @Test
    void aTruncatedTrialsFileIsNamedWithHowToRepairIt() throws Exception {
        Path file = runAndTruncate("trials");
        ResultsException e = assertThrows(ResultsException.class, () -> run(new StringWriter()));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a readable Parquet file"), e.getMessage());
        assertTrue(e.getMessage().contains("move it out of the results path"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(Files.exists(lockFile()), "the lock is released on the way out");

        ResultsDoctor doctor = new ResultsDoctor(FileSystem.getLocal(new Configuration()), results().toString());
        List<ResultsDoctor.Finding> found = doctor.examine(false, new PrintWriter(new StringWriter()));
        assertEquals(2, found.size(), "the file and the epochs of its attempt: " + found);
        assertTrue(found.get(0).path().endsWith("trials/sweep=one/" + file.getFileName()), found.toString());
        assertTrue(found.get(1).path().endsWith("epochs/sweep=one/" + file.getFileName()), found.toString());
        assertTrue(Files.exists(file), "examining changes nothing");
        assertTrue(doctor.examine(true, new PrintWriter(new StringWriter())).get(0).fixed());
        assertTrue(Files.exists(results().resolve("_quarantine/trials/sweep=one").resolve(file.getFileName())));
        assertEquals(List.of(), doctor.examine(false, new PrintWriter(new StringWriter())),
                "the epochs of the quarantined attempt went with it");
        StringWriter rerun = new StringWriter();
        assertEquals(1, run(rerun).ok(), "its trial runs again: " + rerun);
        assertEquals(1L, Parquet.count(results(), "trials", "true"));
    }

    @Test
    void aWriteThatFailsStopsTheRunAndLeavesNoOrphanEpochs() throws Exception {
        // trials/sweep=one is a file: the trials rename fails after the epochs file landed.
        Files.createDirectories(results().resolve("trials"));
        Files.writeString(results().resolve("trials/sweep=one"), "in the way");
        ResultsException e = assertThrows(ResultsException.class, () -> run(new StringWriter()));
        assertTrue(e.getMessage().startsWith("results: cannot write under " + results()), e.getMessage());
        assertEquals(List.of(), files(results().resolve("epochs/sweep=one")), "the epochs of the lost commit");
        assertFalse(Files.exists(results().resolve("_staging/sweep=one")), "no staging left");

        Files.delete(results().resolve("trials/sweep=one"));
        StringWriter log = new StringWriter();
        assertEquals(1, run(log).ok(), log.toString());
        assertEquals(1L, Parquet.count(results(), "trials", "true"));
        assertEquals(1L, Parquet.count(results(), "epochs", "true"));
    }

    @Test
    void recoveryRemovesEmptyFilesAndOnlyItsOwnSweepsStaging() throws Exception {
        Path other = Files.createDirectories(results().resolve("_staging/sweep=other/abc"));
        Files.createDirectories(results().resolve("trials/sweep=one"));
        Files.createFile(results().resolve("trials/sweep=one/part-empty.parquet"));
        Files.createDirectories(results().resolve("_staging/sweep=one/def"));
        StringWriter log = new StringWriter();
        assertEquals(1, run(log).ok(), log.toString());
        assertFalse(Files.exists(results().resolve("trials/sweep=one/part-empty.parquet")));
        assertFalse(Files.exists(results().resolve("_staging/sweep=one")));
        assertTrue(Files.isDirectory(other), "another sweep's write in progress is not touched");
    }

    @Test
    void aDamagedSummaryIsRewrittenByTheNextRun() throws Exception {
        runAndTruncate("summary");
        SweepDriver.Outcome rerun = run(new StringWriter());
        assertEquals(1, rerun.alreadyDone());
        assertEquals(1L, rerun.summary().count());
        assertEquals(List.of(List.of(1L)), Parquet.query(results(), "summary", "SELECT n FROM {table}"));
    }

    @Test
    void attemptsFinishingTogetherAreCommittedInGroupsEachExactlyOnce() throws Exception {
        SweepSpec grid = SweepParser.parse("grid.yaml", ONE_TRIAL + "repeats: 12\n");
        List<io.vdsweep.sweeps.trials.Trial> trials = io.vdsweep.sweeps.trials.TrialExpansion.expand(grid);
        ResultStore store = new ResultStore(SharedSpark.get(), results().toString(), "one");
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(trials.size());
        List<java.util.concurrent.Future<?>> commits = new java.util.ArrayList<>();
        for (io.vdsweep.sweeps.trials.Trial t : trials) {
            commits.add(pool.submit(() -> {
                start.await();
                store.commit(io.vdsweep.sweeps.schema.ResultRows.failed(new io.vdsweep.sweeps.schema.ResultRows
                        .Attempt(t, 1, "task", 1, BuildInfo.here(), java.time.Instant.now(),
                        java.time.Instant.now()), "RuntimeException: committed by the test", true));
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> c : commits) {
            c.get();
        }
        pool.shutdown();
        assertEquals(12L, Parquet.count(results(), "trials", "true"));
        assertEquals(12L, ((Number) Parquet.query(results(), "trials", "SELECT count(DISTINCT trial_id) FROM {table}")
                .get(0).get(0)).longValue());
        int files = files(results().resolve("trials/sweep=one")).size();
        assertTrue(files < 12, "12 attempts finishing at once land in fewer files, found " + files);
    }
}
