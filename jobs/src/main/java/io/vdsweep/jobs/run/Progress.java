package io.vdsweep.jobs.run;

import io.vdsweep.sweeps.schema.ResultRows;
import java.io.PrintWriter;
import java.util.Map;

/** The driver's one line per finished attempt: counts, ids, key metrics, elapsed and a naive ETA. */
final class Progress {

    private final PrintWriter out;
    private final int total;
    private final long startNanos = System.nanoTime();
    private int done;

    Progress(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
    }

    synchronized void attempt(String label, ResultRows.Rows rows, boolean final_) {
        Map<String, Object> r = rows.trial();
        if (final_) {
            done++;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed / done * (total - done);
        String metrics = "OK".equals(r.get("status"))
                ? String.format("test_acc %.4f sparsity %.4f compression %.1fx (%.0f ex/s)", (Double) r.get("test_acc"),
                        (Double) r.get("sparsity"), (Double) r.get("compression"),
                        (Double) r.get("examples_per_second"))
                : String.valueOf(r.get("error"));
        Object resumedAt = r.get("resumed_at_epoch");
        String resumed = resumedAt instanceof Integer epoch && epoch > 0
                ? "; resumed from its checkpoint at epoch " + epoch : "";
        out.printf("[%d/%d] %-6s %s attempt %s %s  %s  (%.0f s%s; elapsed %s, ETA %s)%n", done, total,
                r.get("status"), r.get("trial_id"), r.get("attempt"), label, metrics, (Double) r.get("wall_seconds"),
                resumed, clock(elapsed), Double.isNaN(eta) ? "?" : clock(eta));
        out.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
