package io.vdsweep.jobs.run;

import io.vdsweep.sweeps.trials.CostModel;
import io.vdsweep.sweeps.trials.Trial;
import java.util.ArrayList;
import java.util.List;

/**
 * Which trials share a Spark task. Dispatching a trial as a Spark job of its own, returning its rows and committing
 * them costs the driver tens of milliseconds, run on the same cores as the trials in local mode: for trials of a
 * tenth of a second that keeps slots idle a quarter of the time (bench/README.md, sweep-engine overhead). So trials
 * estimated below {@link #SMALL_TRIAL_SECONDS} travel in batches of about {@link #BATCH_SECONDS}, never more than a
 * quarter of the small trials per slot, so the slots still share the end of a run evenly. Batches of fewer than
 * {@link #MIN_BATCH} save too little to give up a task per trial (its own retries, its rows committed the moment it
 * ends): a sweep with a dozen small trials per slot or fewer keeps one per task, as do larger trials.
 */
final class TaskBatches {

    /** Trials estimated below this many seconds are batched. */
    static final double SMALL_TRIAL_SECONDS = 1.0;
    /** Estimated seconds of training a batch aims at. */
    static final double BATCH_SECONDS = 2.0;
    /**
     * What a trial costs beside its training epochs (building the net, evaluating it, its rows): measured 60–83 ms for
     * a LeNet-300-100 trial of one 200-image epoch (bench/README.md).
     */
    static final double FIXED_SECONDS = 0.06;
    /** The smallest batch worth making. */
    static final int MIN_BATCH = 4;

    private TaskBatches() {
    }

    /** {@code trials} in batches, in their order: large trials alone, small ones grouped. */
    static List<List<Trial>> of(List<Trial> trials, int slots) {
        List<Trial> small = trials.stream().filter(t -> seconds(t) < SMALL_TRIAL_SECONDS).toList();
        double mean = small.stream().mapToDouble(TaskBatches::seconds).average().orElse(SMALL_TRIAL_SECONDS);
        int size = (int) Math.max(1, Math.min(Math.floor(BATCH_SECONDS / mean),
                Math.ceil(small.size() / (4.0 * Math.max(1, slots)))));
        if (size < MIN_BATCH) {
            size = 1;
        }
        List<List<Trial>> batches = new ArrayList<>();
        List<Trial> open = new ArrayList<>();
        for (Trial t : trials) {
            if (seconds(t) >= SMALL_TRIAL_SECONDS) {
                batches.add(List.of(t));
                continue;
            }
            open.add(t);
            if (open.size() == size) {
                batches.add(List.copyOf(open));
                open.clear();
            }
        }
        if (!open.isEmpty()) {
            batches.add(List.copyOf(open));
        }
        return batches;
    }

    private static double seconds(Trial t) {
        return CostModel.trainingSeconds(t.config()) + FIXED_SECONDS;
    }
}
