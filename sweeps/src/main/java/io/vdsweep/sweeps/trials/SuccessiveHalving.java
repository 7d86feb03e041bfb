package io.vdsweep.sweeps.trials;

import io.vdsweep.sweeps.spec.CanonicalJson;
import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.SearchSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The decisions of a {@link SearchSpec}'s synchronous successive halving, free of Spark and of training: which trials
 * compete (brackets), and at a rung which configurations go on. Every decision is a function of the rung's metric
 * values alone, so a driver killed during a search and rerun makes the same decisions again from the rows and
 * checkpoints it finds.
 */
public final class SuccessiveHalving {

    private SuccessiveHalving() {
    }

    /**
     * Trials that compete with each other.
     *
     * @param key            hash of what the bracket's trials share (every knob but the competing ones)
     * @param configurations the competing configurations, each by group key with its replicates
     */
    public record Bracket(String key, Map<String, List<Trial>> configurations) {
        public Bracket {
            configurations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configurations));
        }
    }

    /**
     * The brackets of {@code trials}, in order of first appearance. Pretraining runs (whose models other trials start
     * from) are never stopped, so they take part in no bracket; a bracket of one configuration has nothing to halve
     * and is left out too.
     */
    public static List<Bracket> brackets(SearchSpec search, List<Trial> trials) {
        Set<String> competing = new java.util.HashSet<>();
        for (Knob<?> knob : search.compete()) {
            competing.add(knob.key());
        }
        Map<String, Map<String, List<Trial>>> byKey = new LinkedHashMap<>();
        for (Trial t : trials) {
            if (t.keepsModel()) {
                continue;
            }
            Map<String, Object> shared = new TreeMap<>(t.config().identity());
            shared.keySet().removeAll(competing);
            String key = CanonicalJson.shortHash(CanonicalJson.write(shared));
            byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(t.groupKey(), g -> new ArrayList<>())
                    .add(t);
        }
        List<Bracket> brackets = new ArrayList<>();
        byKey.forEach((key, configurations) -> {
            if (configurations.size() > 1) {
                brackets.add(new Bracket(key, configurations));
            }
        });
        return brackets;
    }

    /** A trial's label with its values of the competing knobs, which its plain label does not show. */
    public static String label(SearchSpec search, Trial t) {
        StringBuilder label = new StringBuilder(t.label());
        for (Knob<?> knob : search.compete()) {
            label.append(' ').append(knob.key()).append('=').append(knob.canonicalOf(t.config()));
        }
        return label.toString();
    }

    /**
     * What a rung decided for one bracket.
     *
     * @param kept    group keys of the configurations that go on, best first
     * @param stopped group keys of those stopped, each with the one-line reason their rows carry
     */
    public record Decision(List<String> kept, Map<String, String> stopped) {
        public Decision {
            kept = List.copyOf(kept);
            stopped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stopped));
        }
    }

    /**
     * Ranks the configurations that reached rung {@code rung} (0-based index into {@link SearchSpec#rungs()}) by the
     * mean of their replicates' values and keeps {@link SearchSpec#kept} of them. A NaN value (a metric the trial does
     * not have) ranks last; ties go to the smaller group key, so the decision never depends on arrival order.
     *
     * @param values per configuration group key, the metric of each of its replicates at the rung's epoch
     */
    public static Decision decide(SearchSpec search, int rung, Map<String, List<Double>> values) {
        Map<String, Double> means = new TreeMap<>();
        values.forEach((group, v) -> means.put(group, v.stream().mapToDouble(Double::doubleValue).average()
                .orElse(Double.NaN)));
        Comparator<Map.Entry<String, Double>> better = Comparator.comparing(
                (Map.Entry<String, Double> e) -> Double.isNaN(e.getValue()))
                .thenComparing(e -> search.maximize() ? -e.getValue() : e.getValue())
                .thenComparing(Map.Entry::getKey);
        List<Map.Entry<String, Double>> ranked = means.entrySet().stream().sorted(better).toList();
        int keep = search.kept(ranked.size());
        List<String> kept = new ArrayList<>();
        Map<String, String> stopped = new LinkedHashMap<>();
        int epoch = search.rungs().get(rung);
        double lastKept = ranked.isEmpty() ? Double.NaN : ranked.get(Math.min(keep, ranked.size()) - 1).getValue();
        for (int i = 0; i < ranked.size(); i++) {
            Map.Entry<String, Double> e = ranked.get(i);
            if (i < keep) {
                kept.add(e.getKey());
            } else {
                stopped.put(e.getKey(), String.format(java.util.Locale.ROOT, "search: stopped at rung %d (epoch %d): "
                        + "%s %.4f, not among the best %d of %d configurations (the last kept: %.4f)", rung + 1,
                        epoch, search.metric(), e.getValue(), keep, ranked.size(), lastKept));
            }
        }
        return new Decision(kept, stopped);
    }

    /**
     * The share of a bracket's training epochs that run when its rungs stop configurations as planned: {@code n}
     * configurations train to the first rung, {@link SearchSpec#kept} of them to the next, and so on to
     * {@code epochs} (Li et al. 2018 count budgets the same way). {@code plan} estimates a search's cost with it.
     */
    public static double trainedFraction(SearchSpec search, int configurations, int epochs) {
        double trained = 0;
        int alive = configurations;
        int from = 0;
        for (int rung : search.rungs()) {
            trained += (double) alive * (rung - from);
            alive = search.kept(alive);
            from = rung;
        }
        trained += (double) alive * (epochs - from);
        return trained / ((double) configurations * epochs);
    }
}
