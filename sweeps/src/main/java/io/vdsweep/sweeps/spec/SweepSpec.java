package io.vdsweep.sweeps.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed sweep file: base settings, grid axes, replicates, execution and output. Explicit values (what the file
 * said) are kept apart from defaults, and {@link #resolvedJson()} records both with the results.
 *
 * @param file       where it was read from
 * @param name       sweep name (partitions the results)
 * @param seed       sweep seed, from which every trial's seed is derived
 * @param base       knobs set explicitly in {@code base}
 * @param grid       grid axes in file order: knob → values
 * @param replicates replicate labels ({@code seeds}, or 0..n−1 for {@code repeats: n})
 * @param execution  how trials run
 * @param results    results path (any Hadoop path)
 */
public record SweepSpec(String file, String name, long seed, Map<Knob, Object> base, Map<Knob, List<Object>> grid,
        List<Long> replicates, ExecutionSpec execution, String results) {

    public SweepSpec {
        base = Map.copyOf(base);
        grid = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        replicates = List.copyOf(replicates);
    }

    /** The fully resolved sweep as JSON-ready maps: explicit base, defaults used, grid, replicates, execution. */
    public Map<String, Object> resolved() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("file", file);
        out.put("seed", seed);
        Map<String, Object> explicit = new LinkedHashMap<>();
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (Knob knob : Knob.values()) {
            if (base.containsKey(knob)) {
                explicit.put(knob.key(), base.get(knob));
            } else if (!grid.containsKey(knob)) {
                defaults.put(knob.key(), knob.defaultValue());
            }
        }
        out.put("base", explicit);
        out.put("defaults", defaults);
        Map<String, Object> axes = new LinkedHashMap<>();
        grid.forEach((k, v) -> axes.put(k.key(), v));
        out.put("grid", axes);
        out.put("replicates", replicates);
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("mode", execution.mode().id());
        exec.put("workers", execution.workers());
        exec.put("averaging_frequency", execution.averagingFrequency());
        exec.put("retries", execution.retries());
        exec.put("concurrency", execution.concurrency());
        exec.put("checkpoint_dir", execution.checkpointDir());
        out.put("execution", exec);
        out.put("results", results);
        return out;
    }

    /** {@link #resolved()} as JSON. */
    public String resolvedJson() {
        return io.vdsweep.sweeps.trials.CanonicalJson.write(resolved());
    }
}
