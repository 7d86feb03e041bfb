package io.vdsweep.jobs.cli;

import io.vdsweep.core.backend.NativeBackend;
import io.vdsweep.jobs.run.NativeBackendPlugin;
import io.vdsweep.jobs.run.RunSettings;
import io.vdsweep.jobs.run.SweepDriver;
import io.vdsweep.jobs.store.FinishedSweep;
import io.vdsweep.jobs.store.ResultsException;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vdsweep run conf/x.yaml}: the main job. Under spark-submit the master comes from spark-submit; otherwise
 * it runs in local mode ({@code --master local[*]} by default). A sweep with nothing left to do is answered from its
 * files without starting Spark ({@link FinishedSweep}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a sweep on Spark: trials not yet recorded OK run, results land in Parquet, summary printed.")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SWEEP", description = "sweep file (YAML)")
    Path sweepFile;

    @Option(names = "--master", description = "Spark master when not under spark-submit (default local[*])")
    String master;

    @Option(names = "--results", description = "results path, overrides output.results (any Hadoop path)")
    String results;

    @Option(names = "--data-dir", description = "folder holding <dataset>/ folders of standard files on every "
            + "executor (default: each executor fetches into its cache)")
    String dataDir;

    @Option(names = "--retry-failed", description = "also rerun trials whose last attempt failed deterministically "
            + "(bad config or data, divergence); by default they stay failed")
    boolean retryFailed;

    @Option(names = "--break-lock", description = "take the sweep's results lock even if another run seems to hold "
            + "it (use only when that run is gone, e.g. its host died)")
    boolean breakLock;

    @Override
    public Integer call() {
        SweepSpec sweep = SweepParser.parse(sweepFile);
        PrintWriter out = spec.commandLine().getOut();
        SparkConf conf = new SparkConf(true);
        String resultsPath = results != null ? results : sweep.results();
        // Expanding a large grid and opening the results (Hadoop, Parquet) each take a while: side by side.
        CompletableFuture<List<Trial>> trials = CompletableFuture.supplyAsync(() -> TrialExpansion.expand(sweep));
        Optional<List<Map<String, Object>>> finished = FinishedSweep.summary(hadoopConfiguration(conf), resultsPath,
                sweep.name(), () -> trials.join().stream().map(Trial::id).toList(), sweep.resolvedJson(),
                SummaryTable.COLUMNS);
        if (finished.isPresent()) {
            int n = trials.join().size();
            out.printf("sweep %s: %d trials, %d already done, 0 to run (summary current; read from the results files "
                    + "without starting Spark); results in %s%n", sweep.name(), n, n, resultsPath);
            return finish(out, sweep.name(), n, n, 0, 0, 0, SummaryTable.format(finished.get()), resultsPath);
        }
        SparkSession.Builder builder = SparkSession.builder().appName("vdsweep " + sweep.name());
        if (master != null || !conf.contains("spark.master")) {
            builder.master(master != null ? master : "local[*]");
        }
        // Executors' native environment (as bin/native-env.sh for the launcher), unless the Spark conf sets it.
        Map.of("OMP_NUM_THREADS", "1", "GLIBC_TUNABLES", NativeBackend.MALLOC_TUNABLES).forEach((name, value) -> {
            if (!conf.contains("spark.executorEnv." + name)) {
                builder.config("spark.executorEnv." + name, value);
            }
        });
        builder.config("spark.ui.showConsoleProgress", "false");
        builder.config("spark.plugins", NativeBackendPlugin.register(conf.get("spark.plugins", null)));
        String masterName = master != null ? master : conf.get("spark.master", "local[*]");
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();   // else embedded: leave it running
        SparkSession session = start(builder, masterName);
        try {
            SweepDriver.Outcome outcome;
            try {
                outcome = new SweepDriver(session,
                        new RunSettings(dataDir == null ? "" : dataDir, sweep.execution().checkpointDir()), out)
                        .run(sweep, trials.join(), resultsPath, new SweepDriver.Options(retryFailed, breakLock));
            } catch (RuntimeException e) {
                if (session.sparkContext().isStopped()) {
                    throw new SparkUnavailableException("spark: the application on master " + masterName
                            + " stopped before the sweep finished (master unreachable, or the application was "
                            + "killed); rerun to resume", e);
                }
                throw e;
            }
            return finish(out, sweep.name(), outcome.trials(), outcome.alreadyDone(), outcome.ok(), outcome.failed(),
                    outcome.stopped(), outcome.summary() == null ? null : SummaryTable.format(outcome.summary()), outcome.results());
        } finally {
            if (ownSession) {
                session.stop();
            }
        }
    }

    /** The closing lines of a run (counts, the summary table, where the tables are) and its exit code. */
    private static int finish(PrintWriter out, String sweep, int trials, int alreadyDone, int ok, int failed,
            int stopped, String summaryTable, String results) {
        out.printf("%d trials: %d already done, %d OK now, %s%d failed%n", trials, alreadyDone, ok,
                stopped > 0 ? stopped + " stopped by the search, " : "", failed);
        if (summaryTable != null) {
            out.println(summaryTable);
        }
        out.printf("Parquet tables: %s/{trials,epochs,summary}/sweep=%s%n", results, sweep);
        out.flush();
        return failed == 0 ? 0 : VdSweep.EXIT_TRIALS_FAILED;
    }

    /** The Hadoop configuration Spark would give the driver: defaults and site files, plus spark.hadoop.* settings. */
    private static Configuration hadoopConfiguration(SparkConf conf) {
        Configuration hadoop = new Configuration();
        for (scala.Tuple2<String, String> e : conf.getAllWithPrefix("spark.hadoop.")) {
            hadoop.set(e._1(), e._2());
        }
        return hadoop;
    }

    /** Starts the Spark application; a master Spark cannot parse is bad input, one it cannot start on is not. */
    private static SparkSession start(SparkSession.Builder builder, String masterName) {
        try {
            return builder.getOrCreate();
        } catch (Exception e) {     // SparkException is checked in Java, undeclared by Scala
            String problem = ResultsException.rootProblem(e);
            if (problem.contains("Master URL") || problem.contains("master URL")) {
                throw new IllegalArgumentException("--master " + masterName + ": not a Spark master URL (local[N], "
                        + "spark://HOST:PORT, yarn, k8s://...)", e);
            }
            throw new SparkUnavailableException("spark: cannot start on master " + masterName + ": " + problem, e);
        }
    }
}
