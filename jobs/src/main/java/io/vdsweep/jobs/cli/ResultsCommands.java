package io.vdsweep.jobs.cli;

import io.vdsweep.jobs.store.ResultStore;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** What the commands that work on existing results ({@code report}, {@code compact}) share. */
final class ResultsCommands {

    private ResultsCommands() {
    }

    /** A one-core local session for reading results, or the session already running when embedded. */
    static SparkSession session(String app) {
        return SparkSession.builder().master("local[1]").appName(app).config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    /** The sweeps under {@code results} that {@code --sweep} selects (all when null); bad input when it names none. */
    static List<String> sweeps(SparkSession session, String results, String sweep) {
        List<String> sweeps = ResultStore.sweeps(session, results);
        if (sweep != null && !sweeps.contains(sweep)) {
            throw new IllegalArgumentException("--sweep: no results for sweep '" + sweep + "' under " + results
                    + " (found " + String.join(", ", sweeps) + ")");
        }
        return sweep != null ? List.of(sweep) : sweeps;
    }
}
