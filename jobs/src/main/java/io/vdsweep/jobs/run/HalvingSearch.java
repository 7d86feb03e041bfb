package io.vdsweep.jobs.run;

import io.vdsweep.jobs.store.ResultStore;
import io.vdsweep.sweeps.schema.ResultRows;
import io.vdsweep.sweeps.spec.SearchSpec;
import io.vdsweep.sweeps.trials.SuccessiveHalving;
import io.vdsweep.sweeps.trials.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's search run on Spark as synchronous successive halving ({@link SuccessiveHalving}): one wave of trials per
 * rung, each trained up to the rung's epoch and paused there with its checkpoint; once the wave is back, every bracket
 * is ranked, the weaker configurations' trials are committed STOPPED with their metrics as of the rung, and the rest
 * go on to the next rung and finally to their last epoch.
 *
 * <p>Nothing about a rung is written until its decision: a driver killed mid-search reruns each rung for the trials
 * still running (a checkpoint at or past the rung trains nothing more), reads the rung values of trials an earlier
 * run ended from their epochs rows, and so decides exactly as before.
 */
final class HalvingSearch {

    /** Trains trials up to an epoch and returns each one's last rows by id (see {@code SweepDriver}). */
    interface Steps {
        Map<String, ResultRows.Rows> run(List<Trial> trials, int untilEpoch);
    }

    private final SearchSpec search;
    private final ResultStore store;
    private final Progress progress;
    private final RunSettings settings;

    HalvingSearch(SearchSpec search, ResultStore store, Progress progress, RunSettings settings) {
        this.search = search;
        this.store = store;
        this.progress = progress;
        this.settings = settings;
    }

    /**
     * Runs the rungs for the searched trials among {@code toRun} and returns what is left to run to the end: the
     * trials no bracket holds and the survivors of every rung (which continue from their checkpoints).
     *
     * @param all   every trial of the sweep (brackets hold trials earlier runs ended, too)
     * @param ended ids of trials an earlier run ended OK or STOPPED
     */
    List<Trial> run(List<Trial> all, List<Trial> toRun, Set<String> ended, Steps steps, SweepDriver.Counts counts) {
        List<SuccessiveHalving.Bracket> brackets = SuccessiveHalving.brackets(search, all);
        Set<String> toRunIds = new HashSet<>();
        toRun.forEach(t -> toRunIds.add(t.id()));
        Map<String, Trial> live = new LinkedHashMap<>();
        Set<String> endedBefore = new HashSet<>();
        for (SuccessiveHalving.Bracket b : brackets) {
            for (List<Trial> replicates : b.configurations().values()) {
                for (Trial t : replicates) {
                    if (toRunIds.contains(t.id())) {
                        live.put(t.id(), t);
                    } else if (ended.contains(t.id())) {
                        endedBefore.add(t.id());
                    }
                }
            }
        }
        List<Trial> rest = new ArrayList<>(toRun.stream().filter(t -> !live.containsKey(t.id())).toList());
        if (live.isEmpty()) {
            return rest;
        }
        Map<String, Map<Integer, Double>> earlier = endedBefore.isEmpty() ? Map.of()
                : store.epochValues(search.metric(), endedBefore);
        for (int rung = 0; rung < search.rungs().size() && !live.isEmpty(); rung++) {
            int epoch = search.rungs().get(rung);
            Map<String, ResultRows.Rows> reached = steps.run(List.copyOf(live.values()), epoch);
            reached.forEach((id, rows) -> {
                if (!rows.paused()) {
                    live.remove(id);            // failed for good (committed): out of the search
                    counts.count(List.of(rows));
                }
            });
            Map<Trial, ResultRows.Rows> stopped = new LinkedHashMap<>();
            for (SuccessiveHalving.Bracket b : brackets) {
                Map<String, List<Double>> values = new LinkedHashMap<>();
                boolean anyLive = false;
                for (Map.Entry<String, List<Trial>> config : b.configurations().entrySet()) {
                    for (Trial t : config.getValue()) {
                        Double v = live.containsKey(t.id()) ? valueAt(reached.get(t.id()), epoch)
                                : earlier.getOrDefault(t.id(), Map.of()).get(epoch - 1);
                        if (v != null) {
                            values.computeIfAbsent(config.getKey(), k -> new ArrayList<>()).add(v);
                        }
                        anyLive |= live.containsKey(t.id());
                    }
                }
                if (!anyLive) {
                    continue;
                }
                SuccessiveHalving.decide(search, rung, values).stopped().forEach((group, reason) -> {
                    for (Trial t : b.configurations().get(group)) {
                        if (live.remove(t.id()) != null) {
                            stopped.put(t, reached.get(t.id()).stopped(reason));
                        }
                    }
                });
            }
            if (!stopped.isEmpty()) {
                store.append(List.copyOf(stopped.values()));
                stopped.forEach((t, rows) -> {
                    progress.attempt(SuccessiveHalving.label(search, t), rows, true);
                    deleteCheckpoint(t);
                });
                counts.stopped.addAndGet(stopped.size());
            }
        }
        rest.addAll(live.values());
        return rest;
    }

    /**
     * A stopped trial's checkpoint has served its purpose. The driver removes it where it sees the executors'
     * checkpoint folder (local mode, a shared file system); on executors' own disks it stays until the folder is
     * cleared.
     */
    private void deleteCheckpoint(Trial t) {
        Path file = settings.checkpoint(t.sweep(), t.id());
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // harmless: the trial is recorded STOPPED and never runs again
            }
        }
    }

    /** The search metric at the rung's epoch (its last trained epoch is {@code epoch} − 1), NaN when missing. */
    private Double valueAt(ResultRows.Rows rows, int epoch) {
        for (Map<String, Object> e : rows.epochs()) {
            if (Integer.valueOf(epoch - 1).equals(e.get("epoch"))) {
                return e.get(search.metric()) instanceof Number n ? n.doubleValue() : Double.NaN;
            }
        }
        return Double.NaN;
    }
}
