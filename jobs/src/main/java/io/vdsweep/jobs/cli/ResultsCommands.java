package io.vdsweep.jobs.cli;

import io.vdsweep.jobs.store.ResultStore;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the commands that work on existing results ({@code report}, {@code compact}) share: their arguments
 * {@code RESULTS [--sweep NAME]} (a picocli mixin), a local session and the sweeps selected.
 */
final class ResultsCommands {

    @Parameters(paramLabel = "RESULTS", description = "results path (any Hadoop path)")
    String results;

    @Option(names = "--sweep", description = "sweep name (default: every sweep under RESULTS)")
    String sweep;

    /** The sweeps the arguments select. */
    List<String> sweeps(SparkSession session) {
        return sweeps(session, results, sweep);
    }

    /** A one-core local session for reading results, or the session already running when embedded. */
    static SparkSession session(String app) {
        return SparkSession.builder().master("local[1]").appName(app).config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    /** The sweeps under {@code results} that {@code --sweep} selects (all when null); bad input when it names none. */
    private static List<String> sweeps(SparkSession session, String results, String sweep) {
        List<String> sweeps = ResultStore.sweeps(session, results);
        if (sweep != null && !sweeps.contains(sweep)) {
            throw new IllegalArgumentException("--sweep: no results for sweep '" + sweep + "' under " + results
                    + " (found " + String.join(", ", sweeps) + ")");
        }
        return sweep != null ? List.of(sweep) : sweeps;
    }
}
