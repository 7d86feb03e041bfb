package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.jobs.Parquet;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep whose Sparse VD trials start from a plain net trained first (the authors' LeNet-5 and VGG-like recipe):
 * the plain trial of the grid is that pretraining run, it runs first, its model is kept, the Sparse VD trial starts
 * from it and records where it started, and a rerun finds everything done.
 */
class PretrainingTest {

    private static final String SWEEP = SweepDriverTest.TINY
            .replace("  labels: [true, random]", "")
            .replace("  test_limit: 300\n", "  test_limit: 300\n  pretrain: no-dropout:3\n")
            .replace("  variant: [no-dropout, sparse-vd]", "  variant: [sparse-vd, no-dropout]");

    @TempDir
    Path dir;

    @Test
    void sparseVdStartsFromThePlainNetTrainedFirst() throws Exception {
        List<Trial> trials = TrialExpansion.expand(SweepParser.parse("pre.yaml", SWEEP));
        assertEquals(3, trials.size(), "the pretraining run (3 epochs), the Sparse VD trial, the grid's plain trial");
        Trial pretraining = trials.get(0);
        assertEquals("no-dropout", pretraining.config().variant().id());
        assertTrue(pretraining.keepsModel());
        assertEquals(pretraining.id(), trials.get(1).pretrainedFrom());
        assertNull(trials.get(2).pretrainedFrom(), "plain variants ignore pretrain");

        StringWriter log = new StringWriter();
        SweepDriver.Outcome outcome = new SweepDriver(SharedSpark.get(), new RunSettings("", ""),
                new PrintWriter(log, true)).run(SweepParser.parse("pre.yaml", SWEEP), dir.toString());
        assertEquals(3, outcome.ok(), log.toString());
        assertTrue(Files.isRegularFile(dir.resolve("_models/tiny/" + pretraining.id() + ".zip")));
        List<List<Object>> rows = Parquet.query(dir, "trials", "SELECT trial_id, pretrained_from, epochs_done, "
                + "started_at FROM {table} ORDER BY started_at");
        assertEquals(pretraining.id(), rows.get(0).get(0), "the pretraining run ran first");
        assertEquals(3, ((Number) rows.get(0).get(2)).intValue());
        Trial sparseVd = trials.get(1);
        List<Object> dependent = rows.stream().filter(r -> r.get(0).equals(sparseVd.id())).findFirst().orElseThrow();
        assertEquals(pretraining.id(), dependent.get(1));

        // Started from the trained plain net, Sparse VD is already accurate after its first epoch.
        double pretrainedFirstEpoch = ((Number) Parquet.query(dir, "epochs", "SELECT test_acc FROM {table} WHERE "
                + "trial_id = '" + pretraining.id() + "' AND epoch = 2").get(0).get(0)).doubleValue();
        double startedFirstEpoch = ((Number) Parquet.query(dir, "epochs", "SELECT test_acc FROM {table} WHERE "
                + "trial_id = '" + sparseVd.id() + "' AND epoch = 0").get(0).get(0)).doubleValue();
        assertTrue(startedFirstEpoch > pretrainedFirstEpoch - 0.1 && startedFirstEpoch > 0.6,
                "pretrained net " + pretrainedFirstEpoch + ", Sparse VD after one epoch " + startedFirstEpoch);

        SweepDriver.Outcome again = new SweepDriver(SharedSpark.get(), new RunSettings("", ""),
                new PrintWriter(new StringWriter(), true)).run(SweepParser.parse("pre.yaml", SWEEP), dir.toString());
        assertEquals(3, again.alreadyDone());
    }
}
