package io.vdsweep.jobs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.jobs.Parquet;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.jobs.TinySweeps;
import io.vdsweep.jobs.cli.VdSweep;
import io.vdsweep.jobs.run.RunSettings;
import io.vdsweep.jobs.run.SweepDriver;
import io.vdsweep.sweeps.spec.SweepParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction leaves one Parquet file per table in which an independent reader (DuckDB) finds every trial once, also
 * after a compaction killed before or after its commit, and removes duplicate OK rows as every read here does.
 */
class CompactionTest {

    /** Six two-epoch trials, one at a time: six commits, six files per table, more than a run leaves uncompacted. */
    private static final String SIX = TinySweeps.oneEpoch("six", 5).replace("epochs: 1", "epochs: 2")
            + "  retries: 0\n  concurrency: 1\nseeds: [1, 2, 3, 4, 5, 6]\n";

    @TempDir
    Path dir;

    private Path results() {
        return dir.resolve("results");
    }

    private Path partition(String table) {
        return results().resolve(table).resolve("sweep=six");
    }

    private List<String> files(String table) throws IOException {
        try (Stream<Path> s = Files.list(partition(table))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).sorted().toList();
        }
    }

    private long okRows() throws Exception {
        return Parquet.count(results(), "trials", "sweep = 'six' AND status = 'OK'");
    }

    private long distinctOk() throws Exception {
        return ((Number) Parquet.query(results(), "trials", "SELECT count(DISTINCT trial_id) FROM {table} WHERE "
                + "sweep = 'six' AND status = 'OK'").get(0).get(0)).longValue();
    }

    private ResultStore store() {
        return new ResultStore(SharedSpark.get(), results().toString(), "six");
    }

    private FileSystem fs() throws IOException {
        return FileSystem.getLocal(new Configuration());
    }

    @Test
    void aRunCompactsItsFilesAndEveryKilledCompactionIsCompletedOrUndone() throws Exception {
        StringWriter log = new StringWriter();
        SweepDriver.Outcome outcome = new SweepDriver(SharedSpark.get(), new RunSettings("", ""),
                new PrintWriter(log, true)).run(SweepParser.parse("six.yaml", SIX), results().toString());
        assertEquals(6, outcome.ok(), log.toString());
        assertTrue(log.toString().contains("results compacted: 6 trials files and 6 epochs files into one each "
                + "(6 trials rows, 12 epochs rows)"), log.toString());
        assertEquals(1, files("trials").size());
        assertEquals(files("trials"), files("epochs"), "the pair shares its name");
        assertEquals(6, okRows());
        assertEquals(12, Parquet.count(results(), "epochs", "sweep = 'six'"));
        assertFalse(Files.exists(results().resolve("_sweeps/six/compaction.json")), "the journal goes when the compaction is done");
        String compacted = files("trials").get(0);

        // Killed after its commit, before the replaced files went: the old files (here two copies of the rows)
        // are still there; the next recover finishes the job.
        copy(compacted, "part-old-a.parquet");
        copy(compacted, "part-old-b.parquet");
        new CompactionJournal(compacted, List.of("part-old-a.parquet", "part-old-b.parquet"))
                .write(fs(), new org.apache.hadoop.fs.Path(results().toString()), "six");
        assertEquals(18, okRows(), "a plain reader sees the rows three times until then");
        List<ResultsDoctor.Finding> found = new ResultsDoctor(fs(), results().toString())
                .examine(false, new PrintWriter(new StringWriter()));
        assertTrue(found.stream().anyMatch(f -> f.problem().equals("compaction interrupted by a killed run")),
                found.toString());
        store().recover();
        assertEquals(List.of(compacted), files("trials"));
        assertEquals(List.of(compacted), files("epochs"));
        assertEquals(6, okRows());

        // Killed before its commit: its epochs file landed, its trials file did not. Undone: the old files stay.
        copy(compacted, "part-old-a.parquet");
        copy(compacted, "part-old-b.parquet");
        Files.delete(partition("trials").resolve(compacted));
        new CompactionJournal(compacted, List.of("part-old-a.parquet", "part-old-b.parquet"))
                .write(fs(), new org.apache.hadoop.fs.Path(results().toString()), "six");
        store().recover();
        assertEquals(List.of("part-old-a.parquet", "part-old-b.parquet"), files("trials"));
        assertEquals(files("trials"), files("epochs"), "the uncommitted compacted epochs file is gone");
        assertFalse(Files.exists(results().resolve("_sweeps/six/compaction.json")));

        // The two files hold every trial twice; compacting them (the command) keeps each trial's first OK row.
        assertEquals(12, okRows());
        StringWriter out = new StringWriter();
        int code = VdSweep.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "compact",
                results().toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("sweep six: 2 trials files and 2 epochs files compacted into one each (6 "
                + "trials rows, 12 epochs rows)"), out.toString());
        assertEquals(1, files("trials").size());
        assertEquals(6, okRows());
        assertEquals(6, distinctOk());
        assertEquals(12, Parquet.count(results(), "epochs", "sweep = 'six'"));
        assertEquals(List.of(List.of(6L)), Parquet.query(results(), "summary", "SELECT n FROM {table} WHERE sweep "
                + "= 'six'"), "the refreshed summary counts each trial once");

        out = new StringWriter();
        VdSweep.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "compact", results().toString());
        assertTrue(out.toString().contains("sweep six: already one trials file"), out.toString());
    }

    /**
     * A sweep resumed after an upgrade holds files an older vdsweep wrote without the newer columns; such a file
     * (sorted first, where Spark takes its schema from without merging) still reads, its rows null in those columns.
     */
    @Test
    void filesWithoutNewerColumnsStillRead() throws Exception {
        StringWriter log = new StringWriter();
        new SweepDriver(SharedSpark.get(), new RunSettings("", ""), new PrintWriter(log, true))
                .run(SweepParser.parse("six.yaml", SIX), results().toString());
        String compacted = files("trials").get(0);
        for (String table : List.of("trials", "epochs")) {
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = SharedSpark.get().read()
                    .parquet(partition(table).resolve(compacted).toString());
            if (table.equals("trials")) {
                rows = rows.drop("cpu_speedup", "units_kept");
            }
            Path staged = dir.resolve("older-" + table);
            rows.coalesce(1).write().parquet(staged.toString());
            try (Stream<Path> parts = Files.list(staged)) {
                Path part = parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst()
                        .orElseThrow();
                Files.copy(part, partition(table).resolve("part-0000-older.parquet"));
            }
        }
        assertEquals(1, store().computedSummary().collectAsList().size(), "one group, from both files");
        StringWriter out = new StringWriter();
        int code = VdSweep.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "compact",
                results().toString());
        assertEquals(0, code, out.toString());
        assertEquals(1, files("trials").size());
        assertEquals(6, distinctOk());
        assertEquals(List.of(List.of(6L)), Parquet.query(results(), "summary", "SELECT n FROM {table} WHERE sweep "
                + "= 'six'"));
    }

    private void copy(String compacted, String name) throws IOException {
        for (String table : List.of("trials", "epochs")) {
            Files.copy(partition(table).resolve(compacted), partition(table).resolve(name),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
