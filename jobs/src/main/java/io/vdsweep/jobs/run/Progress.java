package io.vdsweep.jobs.run;

import io.vdsweep.core.eval.Metrics;
import io.vdsweep.sweeps.schema.ResultRows;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The driver's one line per finished attempt (and per trial paused at a search rung): counts, ids, key metrics,
 * elapsed and an ETA. The ETA weighs trials by their estimated cost ({@code CostModel}): elapsed time × (cost still to
 * run) / (cost finished), so a sweep that finishes its small trials first does not promise the big ones at the small
 * ones' pace.
 */
final class Progress {

    private final PrintWriter out;
    private final Map<String, Double> costs;
    private final double totalCost;
    private final java.util.function.LongSupplier clock;
    private final long startNanos;
    private int done;
    private double doneCost;

    /** @param costs estimated training core-seconds of every trial to run, by trial id */
    Progress(PrintWriter out, Map<String, Double> costs) {
        this(out, costs, System::nanoTime);
    }

    /** With {@code clock} in nanoseconds (tests). */
    Progress(PrintWriter out, Map<String, Double> costs, java.util.function.LongSupplier clock) {
        this.out = out;
        this.costs = Map.copyOf(costs);
        this.totalCost = costs.values().stream().mapToDouble(Double::doubleValue).sum();
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    synchronized void attempt(String label, ResultRows.Rows rows, boolean final_) {
        Map<String, Object> r = rows.trial();
        if (final_) {
            done++;
            doneCost += costs.getOrDefault((String) r.get("trial_id"), 0.0);
        }
        double elapsed = (clock.getAsLong() - startNanos) / 1e9;
        double eta = done == costs.size() ? 0 : doneCost <= 0 ? Double.NaN
                : elapsed * (totalCost - doneCost) / doneCost;
        Object status = r.get("status");
        String metrics = "OK".equals(status) ? trained(r)
                : ResultRows.PAUSED.equals(status) ? "at epoch " + r.get("epochs_done") + ": " + trained(r)
                : ResultRows.STOPPED.equals(status) ? r.get("error") + "; " + trained(r)
                : String.valueOf(r.get("error"));
        Object resumedAt = r.get("resumed_at_epoch");
        String resumed = resumedAt instanceof Integer epoch && epoch > 0
                ? "; resumed from its checkpoint at epoch " + epoch : "";
        out.printf("[%d/%d] %-6s %s attempt %s %s  %s  (%.0f s%s; elapsed %s, ETA %s)%n", done, costs.size(),
                r.get("status"), r.get("trial_id"), r.get("attempt"), label, metrics, (Double) r.get("wall_seconds"),
                resumed, clock(elapsed), Double.isNaN(eta) ? "?" : clock(eta));
        out.flush();
    }

    /** The key metrics of a trials row that trained. */
    private static String trained(Map<String, Object> r) {
        return String.format("test_acc %.4f sparsity %.4f compression %s (%.0f ex/s)", (Double) r.get("test_acc"),
                (Double) r.get("sparsity"), Metrics.compressionText((Double) r.get("compression")),
                (Double) r.get("examples_per_second"));
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
