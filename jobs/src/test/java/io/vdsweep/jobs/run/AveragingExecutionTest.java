package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.jobs.Parquet;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.spec.ExecutionSpec;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sparse VD trials trained with dl4j-spark parameter averaging in local[2], against the same trials in one task. */
class AveragingExecutionTest {

    private static final String SPARSE_VD = SweepDriverTest.TINY
            .replace("  variant: [no-dropout, sparse-vd]\n  labels: [true, random]", "  variant: [sparse-vd]");
    /** Metrics of a finished trial that depend on every minibatch, its noise and the final evaluation. */
    private static final List<String> METRICS = List.of("test_acc", "test_acc_stochastic", "test_acc_ensemble",
            "train_acc", "test_nll", "kl", "elbo", "sparsity");

    @TempDir
    Path dir;

    private static Trial trial(String yaml) {
        return TrialExpansion.expand(SweepParser.parse("avg.yaml", yaml)).get(0);
    }

    private static ResultRows.Rows averaged(Trial trial, int workers, int frequency) {
        return new AveragingExecution(JavaSparkContext.fromSparkContext(SharedSpark.get().sparkContext()),
                new RunSettings("", ""), new ExecutionSpec(ExecutionSpec.Mode.AVERAGING, workers, frequency, 0, 0, ""))
                .attempt(trial, 1, trial.config().epochs());
    }

    private static ResultRows.Rows inTask(Trial trial) {
        return new TaskExecution(JavaSparkContext.fromSparkContext(SharedSpark.get().sparkContext()),
                new RunSettings("", "")).attempt(trial, 1, trial.config().epochs());
    }

    private static double metric(ResultRows.Rows rows, String column) {
        return ((Number) rows.trial().get(column)).doubleValue();
    }

    @Test
    void parameterAveragingTrainsAVariationalNet() throws Exception {
        String yaml = SPARSE_VD.replace("ramp:0.5,0.5", "constant:0.05").replace("epochs: 2", "epochs: 4")
                .replace("lr: 0.005", "lr: 0.02")
                .replace("mode: task", "mode: averaging\n  workers: 2\n  averaging_frequency: 2");
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

    @Test
    void oneWorkerReproducesTheTaskRunAndTwoWorkersReproduceThemselves() {
        Trial trial = trial(SPARSE_VD);
        ResultRows.Rows task = inTask(trial);
        ResultRows.Rows oneWorker = averaged(trial, 1, 5);   // 12 minibatches an epoch: rounds of 5, 5 and 2
        assertEquals("OK", task.trial().get("status"), String.valueOf(task.trial().get("error")));
        assertEquals("OK", oneWorker.trial().get("status"), String.valueOf(oneWorker.trial().get("error")));
        for (String column : METRICS) {
            assertEquals(metric(task, column), metric(oneWorker, column), 1e-4 * Math.max(1, Math.abs(metric(task,
                    column))), column + ": one averaging worker fits what the task fits, with the same noise");
        }
        for (int epoch = 0; epoch < task.epochs().size(); epoch++) {
            Map<String, Object> local = task.epochs().get(epoch);
            Map<String, Object> averaged = oneWorker.epochs().get(epoch);
            assertEquals((Double) local.get("train_loss"), (Double) averaged.get("train_loss"), 1e-4,
                    "epoch " + epoch + " loss, now observed in averaging mode too");
        }

        Trial uneven = trial(SPARSE_VD.replace("train_limit: 600", "train_limit: 650"));   // rounds of 4, 4, 4, 1
        ResultRows.Rows first = averaged(uneven, 2, 2);
        ResultRows.Rows second = averaged(uneven, 2, 2);
        assertEquals("OK", first.trial().get("status"), String.valueOf(first.trial().get("error")));
        for (String column : METRICS) {
            assertEquals(metric(first, column), metric(second, column), 1e-6 * Math.max(1, Math.abs(metric(first,
                    column))), column + ": the same averaging trial gives the same result every time");
        }
    }

    @Test
    void aDivergingTrialFailsTheSameWayInBothModes() {
        Trial trial = trial(SPARSE_VD.replace("lr: 0.005", "lr: 1e9"));
        ResultRows.Rows task = inTask(trial);
        ResultRows.Rows oneWorker = averaged(trial, 1, 5);
        ResultRows.Rows twoWorkers = averaged(trial, 2, 2);
        assertEquals("FAILED", task.trial().get("status"));
        String error = (String) task.trial().get("error");
        assertTrue(error.startsWith("TrainingDivergedException: diverged: loss "), error);
        assertEquals(error, oneWorker.trial().get("error"));
        assertFalse((Boolean) oneWorker.trial().get("retryable"));
        assertEquals("FAILED", twoWorkers.trial().get("status"));
        assertTrue(((String) twoWorkers.trial().get("error")).startsWith("TrainingDivergedException: diverged: loss "),
                String.valueOf(twoWorkers.trial().get("error")));
        assertFalse((Boolean) twoWorkers.trial().get("retryable"));
    }
}
