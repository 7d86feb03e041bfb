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

/** A Sparse VD trial trained with dl4j-spark parameter averaging over two workers in local[2]. */
class AveragingExecutionTest {

    @TempDir
    Path dir;

    @Test
    void parameterAveragingTrainsAVariationalNet() throws Exception {
        String yaml = SweepDriverTest.TINY
                .replace("  variant: [no-dropout, sparse-vd]\n  labels: [true, random]", "  variant: [sparse-vd]")
                .replace("ramp:0.5,0.5", "constant:0.05").replace("epochs: 2", "epochs: 4").replace("lr: 0.005", "lr: 0.02")
                .replace("mode: task", "mode: averaging\n  workers: 2\n  averaging_frequency: 2\n  batch_per_worker: 25");
        StringWriter log = new StringWriter();
        SweepDriver.Outcome outcome = new SweepDriver(SharedSpark.get(), new RunSettings("", ""),
                new PrintWriter(log, true)).run(SweepParser.parse("avg.yaml", yaml), dir.toString());
        assertEquals(1, outcome.ok(), log.toString());
        List<List<Object>> row = Parquet.query(dir, "trials",
                "SELECT execution_mode, workers, test_acc, sparsity, epochs_done FROM {table}").subList(0, 1);
        assertEquals("averaging", row.get(0).get(0));
        assertEquals(2, ((Number) row.get(0).get(1)).intValue());
        assertTrue(((Number) row.get(0).get(2)).doubleValue() > 0.6, "averaged net learns: " + row);
        assertTrue(((Number) row.get(0).get(3)).doubleValue() > 0.0, "and prunes: " + row);
        assertEquals(4, ((Number) row.get(0).get(4)).intValue());
        assertEquals(4L, Parquet.count(dir, "epochs", "true"));
    }
}
