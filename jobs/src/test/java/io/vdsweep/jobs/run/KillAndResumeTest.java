package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.jobs.Parquet;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.sweeps.spec.SweepParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver is killed with SIGKILL in the middle of a sweep (a separate JVM running {@code vdsweep run}), then the
 * sweep is rerun: every trial ends up recorded OK exactly once.
 */
class KillAndResumeTest {

    @TempDir
    Path dir;

    @Test
    void killedDriverThenRerunRecordsEveryTrialExactlyOnce() throws Exception {
        String yaml = SweepDriverTest.TINY.replace("name: tiny", "name: killed")
                .replace("  labels: [true, random]", "  labels: [true, random]\n  width: [0.1, 0.2]")
                .replace("  width: 0.1\n", "");
        Path sweep = dir.resolve("killed.yaml");
        Files.writeString(sweep, yaml);
        Path results = dir.resolve("results");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-XX:+Ignore")
                        || a.startsWith("-Djdk")
                        || a.startsWith("-Dorg.bytedeco"))
                .toList());
        command.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"), "io.vdsweep.jobs.cli.VdSweep",
                "run", sweep.toString(), "--master", "local[1]", "--results", results.toString()));
        Process driver = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("driver.log").toFile()).start();
        Path landed = results.resolve("trials").resolve("sweep=killed");
        long deadline = System.currentTimeMillis() + 180_000;
        while (parquetFiles(landed) < 1 && driver.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(driver.isAlive(), "driver should still be running mid-sweep: " + Files.readString(
                dir.resolve("driver.log")));
        driver.destroyForcibly().waitFor();        // SIGKILL: no shutdown hooks, no cleanup
        long before = parquetFiles(landed);
        assertTrue(before >= 1 && before < 8, "killed mid-sweep with " + before + " of 8 trials landed");

        StringWriter log = new StringWriter();
        SweepDriver.Outcome rerun = new SweepDriver(SharedSpark.get(), new RunSettings("", ""),
                new PrintWriter(log, true)).run(SweepParser.parse(sweep), results.toString());
        assertEquals(8, rerun.alreadyDone() + rerun.ok(), log.toString());
        assertTrue(rerun.alreadyDone() >= before, log.toString());
        List<List<Object>> perTrial = Parquet.query(results, "trials",
                "SELECT trial_id, count(*) FROM {table} WHERE status = 'OK' GROUP BY trial_id");
        assertEquals(8, perTrial.size());
        for (List<Object> row : perTrial) {
            assertEquals(1L, ((Number) row.get(1)).longValue(), "trial " + row.get(0) + " recorded OK once");
        }
        assertEquals(16L, Parquet.count(results, "epochs", "true"), "2 epochs per trial, none duplicated");
    }

    private static long parquetFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }
}
