package io.vdsweep.sweeps.spec;

import io.vdsweep.core.nets.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed sweep file: base settings, grid axes, replicates, execution and output. Explicit values (what the file
 * said) are kept apart from defaults, and {@link #resolvedJson()} records both with the results.
 *
 * @param file       where it was read from
 * @param name       sweep name (partitions the results)
 * @param seed       sweep seed, from which every trial's seed is derived
 * @param base       knobs set explicitly in {@code base} (typed values)
 * @param grid       grid axes in file order: knob → typed values
 * @param perVariant knobs set for one variant only ({@code per_variant}), over {@code base}: e.g. the dropout
 *                   baseline's learning rate in a sweep whose Sparse VD trials fine-tune at a far smaller one
 * @param replicates replicate labels ({@code seeds}, or 0..n−1 for {@code repeats: n})
 * @param execution  how trials run
 * @param results    results path (any Hadoop path)
 * @param search     early stopping of the weaker configurations ({@code search}), if the sweep asks for it
 */
public record SweepSpec(String file, String name, long seed, Map<Knob<?>, Object> base,
        Map<Knob<?>, List<Object>> grid, Map<Variant, Map<Knob<?>, Object>> perVariant,
        List<Long> replicates, ExecutionSpec execution, String results, Optional<SearchSpec> search) {

    public SweepSpec {
        base = Map.copyOf(base);
        grid = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        perVariant = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perVariant));
        replicates = List.copyOf(replicates);
    }

    /**
     * Every trial's config: the cartesian product of the grid axes (file order, first axis slowest) times the
     * replicates, each point filled up with its variant's {@code per_variant} values, base values and then defaults.
     */
    public List<TrialConfig> configs() {
        List<Map<Knob<?>, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>(base));
        for (Map.Entry<Knob<?>, List<Object>> axis : grid.entrySet()) {
            List<Map<Knob<?>, Object>> next = new ArrayList<>();
            for (Map<Knob<?>, Object> point : points) {
                for (Object value : axis.getValue()) {
                    Map<Knob<?>, Object> extended = new LinkedHashMap<>(point);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        List<TrialConfig> configs = new ArrayList<>();
        for (Map<Knob<?>, Object> point : points) {
            Variant variant = (Variant) point.getOrDefault(Knob.VARIANT, Knob.VARIANT.defaultValue());
            point.putAll(perVariant.getOrDefault(variant, Map.of()));   // never a grid axis (the parser checks)
            for (long replicate : replicates) {
                configs.add(TrialConfig.of(point, replicate));
            }
        }
        return configs;
    }

    /**
     * The config of the pretraining run {@code config} starts from ({@link TrialConfig#pretrainingConfig()}), with
     * the pretraining variant's {@code per_variant} values in place of the trial variant's (an SBP trial's own KL
     * schedule does not make its plain net another one); the epochs a {@code pretrain: VARIANT:EPOCHS} names win.
     * So a sweep whose grid holds that variant with the same settings runs the two as one trial, as the authors
     * fine-tune Sparse VD from the very dropout net they report.
     */
    public Optional<TrialConfig> pretrainingConfig(TrialConfig config) {
        return config.pretrainingConfig().map(pre -> {
            Map<Knob<?>, Object> undo = perVariant.getOrDefault(config.variant(), Map.of());
            Map<Knob<?>, Object> overrides = perVariant.getOrDefault(pre.variant(), Map.of());
            if (undo.isEmpty() && overrides.isEmpty()) {
                return pre;
            }
            Map<Knob<?>, Object> values = new LinkedHashMap<>(pre.values());
            undo.keySet().forEach(knob -> values.put(knob, base.containsKey(knob) ? base.get(knob)
                    : knob.defaultValue()));
            values.putAll(overrides);
            config.pretrain().filter(p -> p.epochs() > 0).ifPresent(p -> values.put(Knob.EPOCHS, p.epochs()));
            return TrialConfig.of(values, pre.replicate());
        });
    }

    /** The fully resolved sweep as JSON-ready maps: explicit base, defaults used, grid, replicates, execution. */
    public Map<String, Object> resolved() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("file", file);
        out.put("seed", seed);
        Map<String, Object> explicit = new LinkedHashMap<>();
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (Knob<?> knob : Knob.ALL) {
            if (base.containsKey(knob)) {
                explicit.put(knob.key(), knob.canonical(base.get(knob)));
            } else if (!grid.containsKey(knob)) {
                defaults.put(knob.key(), knob.canonical(knob.defaultValue()));
            }
        }
        out.put("base", explicit);
        out.put("defaults", defaults);
        Map<String, Object> axes = new LinkedHashMap<>();
        grid.forEach((k, values) -> axes.put(k.key(), values.stream().map(k::canonical).toList()));
        out.put("grid", axes);
        if (!perVariant.isEmpty()) {
            Map<String, Object> variants = new LinkedHashMap<>();
            perVariant.forEach((variant, knobs) -> {
                Map<String, Object> values = new LinkedHashMap<>();
                knobs.forEach((k, v) -> values.put(k.key(), k.canonical(v)));
                variants.put(variant.id(), values);
            });
            out.put("per_variant", variants);
        }
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
        search.ifPresent(s -> out.put("search", s.resolved()));
        return out;
    }

    /** {@link #resolved()} as JSON. */
    public String resolvedJson() {
        return CanonicalJson.write(resolved());
    }
}
