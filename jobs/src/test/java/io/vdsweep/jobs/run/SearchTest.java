package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.jobs.Parquet;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.sweeps.spec.SweepParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Successive halving on real MNIST in local[2]: at the rung the configuration that cannot learn (lr 1e-7) is recorded
 * STOPPED with its metrics as of the rung, the other goes on from its checkpoint to its last epoch, brackets never
 * mix variants, a rerun trains nothing, and a configuration added later is ranked against the rung values the
 * earlier run left in the epochs table.
 */
class SearchTest {

    /** {@link SweepDriverTest#TINY} with two learning rates instead of two label kinds, and a search. */
    private static final String SWEEP = SweepDriverTest.TINY.replace("name: tiny", "name: search")
            .replace("  lr: 0.005\n", "").replace("lr_schedule: constant", "lr_schedule: linear")
            .replace("  labels: [true, random]", "  lr: [0.005, 0.0000001]")
            .replace("  retries: 2\n", "  retries: 1\n  checkpoint_dir: CKPT\n") + """
            search:
              metric: test_acc
              rungs: [1]
              reduction: 2
            """;

    @TempDir
    Path dir;

    private SweepDriver.Outcome run(String yaml, StringWriter log) {
        Path checkpoints = dir.resolve("ckpt");
        return new SweepDriver(SharedSpark.get(), new RunSettings("", checkpoints.toString()),
                new PrintWriter(log, true)).run(SweepParser.parse("search.yaml", yaml.replace("CKPT",
                        checkpoints.toString())), dir.resolve("results").toString());
    }

    @Test
    void weakConfigurationsStopAtTheRungAndTheRestFinishFromTheirCheckpoints() throws Exception {
        StringWriter log = new StringWriter();
        SweepDriver.Outcome first = run(SWEEP, log);
        assertEquals(2, first.ok(), log.toString());
        assertEquals(2, first.stopped(), log.toString());
        assertEquals(0, first.failed(), log.toString());
        Path results = dir.resolve("results");
        List<List<Object>> rows = Parquet.query(results, "trials", "SELECT status, lr, epochs_done, error, "
                + "resumed_at_epoch, variant, test_acc, attempt FROM {table} ORDER BY status, variant");
        assertEquals(4, rows.size());
        for (List<Object> r : rows) {
            boolean stopped = "STOPPED".equals(r.get(0));
            assertEquals(stopped ? 1e-7 : 0.005, ((Number) r.get(1)).doubleValue(), 1e-12, r.toString());
            assertEquals(stopped ? 1 : 2, ((Number) r.get(2)).intValue(), r.toString());
            assertEquals(stopped ? 0 : 1, ((Number) r.get(4)).intValue(), "the kept trial continued from its rung "
                    + "checkpoint: " + r);
            assertEquals(1, ((Number) r.get(7)).intValue(), "a pause is not an attempt: " + r);
            if (stopped) {
                assertTrue(((String) r.get(3)).startsWith("search: stopped at rung 1 (epoch 1): test_acc "), r.toString());
                assertTrue(((String) r.get(3)).contains("not among the best 1 of 2 configurations"), r.toString());
            }
        }
        assertEquals(List.of("no-dropout", "sparse-vd"), List.of(rows.get(2).get(5), rows.get(3).get(5)),
                "one configuration stopped per variant: variants are never compared");
        assertEquals(4L, Parquet.count(results, "epochs", "epoch = 0"), "stopped trials keep their epochs");
        assertEquals(2L, Parquet.count(results, "epochs", "epoch = 1"), "only the kept ones go on");
        assertEquals(0.005 / 2, ((Number) Parquet.query(results, "epochs", "SELECT max(lr) FROM {table} WHERE "
                + "epoch = 1").get(0).get(0)).doubleValue(), 1e-12, "the linear schedule spans both epochs");
        assertEquals(2L, Parquet.count(results, "summary", "n = 1"), "the summary aggregates the finished trials");
        assertTrue(log.toString().contains("PAUSED"), log.toString());
        try (var left = java.nio.file.Files.list(dir.resolve("ckpt/search"))) {
            assertEquals(List.of(), left.toList(), "finished and stopped trials leave no checkpoint behind");
        }

        SweepDriver.Outcome again = run(SWEEP, new StringWriter());
        assertEquals(4, again.alreadyDone());
        assertEquals(4L, Parquet.count(results, "trials", "true"));

        // A third learning rate added later competes at the rung with the values the first run recorded.
        StringWriter grown = new StringWriter();
        SweepDriver.Outcome third = run(SWEEP.replace("lr: [0.005, 0.0000001]", "lr: [0.005, 0.0000001, 0.00000001]"),
                grown);
        assertEquals(4, third.alreadyDone(), grown.toString());
        assertEquals(2, third.stopped(), grown.toString());
        assertEquals(0, third.ok(), grown.toString());
        assertEquals(2L, Parquet.count(results, "trials", "lr = 1e-8 AND status = 'STOPPED' AND error LIKE "
                + "'%not among the best 1 of 3 configurations%'"));
        assertEquals(List.of(6L, 6L), Parquet.query(results, "trials", "SELECT count(*), count(DISTINCT trial_id) FROM "
                + "{table}").get(0).stream().map(v -> ((Number) v).longValue()).toList(), "every trial exactly once");
    }
}
