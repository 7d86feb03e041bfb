package io.vdsweep.jobs.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.sweeps.schema.ResultRows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ETA weighs trials by their estimated cost: small trials finishing first do not set the pace of big ones. */
class ProgressTest {

    private static ResultRows.Rows failed(String id) {
        Map<String, Object> trial = new HashMap<>();
        trial.put("trial_id", id);
        trial.put("status", "FAILED");
        trial.put("error", "x");
        trial.put("attempt", 1);
        trial.put("wall_seconds", 1.0);
        return new ResultRows.Rows(trial, List.of());
    }

    @Test
    void etaFollowsTheEstimatedCostStillToRun() {
        long[] now = {0};
        StringWriter log = new StringWriter();
        // one small trial (10 core-s) and one 90 core-s trial; the small one ends after 100 s
        Progress progress = new Progress(new PrintWriter(log, true), Map.of("small", 10.0, "big", 90.0),
                () -> now[0]);
        now[0] = 100_000_000_000L;
        progress.attempt("small", failed("small"), true);
        assertTrue(log.toString().contains("[1/2]") && log.toString().contains("ETA 0:15:00"), log.toString());
        now[0] = 1_000_000_000_000L;
        progress.attempt("big", failed("big"), true);
        assertTrue(log.toString().contains("[2/2]") && log.toString().contains("ETA 0:00:00"), log.toString());
    }
}
