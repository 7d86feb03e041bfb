package io.vdsweep.sweeps.spec;

import io.vdsweep.core.nets.Variant;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a sweep file into a {@link SweepSpec}, once, at the edge. SnakeYAML's node tree keeps line numbers, so every
 * error names the file, the line, the field and the bad value:
 * {@code conf/x.yaml:7: grid.width: must be > 0, found -0.5}.
 *
 * <pre>
 * name: quickstart            # required: partitions the results
 * seed: 2017                  # sweep seed (default 0)
 * base: {dataset: mnist, epochs: 3, ...}   # any knob ({@link Knob})
 * grid: {width: [0.5, 1], variant: [binary-dropout, sparse-vd]}   # any knob, each a non-empty list
 * per_variant: {binary-dropout: {lr: 0.001}}   # knobs for one variant's trials (and pretraining runs), over base
 * seeds: [1, 2, 3]            # replicate labels, or  repeats: 3  (default: one replicate)
 * execution: {mode: auto, workers: 2, averaging_frequency: 5, retries: 1,
 *             concurrency: 0, checkpoint_dir: ""}
 * output: {results: results}  # any Hadoop path: file://, hdfs://, s3a://
 * search: {metric: test_acc, goal: max, rungs: [3, 9], reduction: 3, compete: [lr]}   # optional: {@link SearchSpec}
 * </pre>
 */
public final class SweepParser {

    /** Longest sweep name: it is a folder name under every results table. */
    static final int MAX_NAME_LENGTH = 100;
    /** Most trials a sweep may expand to: each is a task and rows; a bigger grid is almost surely a mistake. */
    static final long MAX_TRIALS = 100_000;

    private final String file;

    private SweepParser(String file) {
        this.file = file;
    }

    /** The sweep in {@code path}, fully checked (every trial's settings, nets included, without starting ND4J). */
    public static SweepSpec parse(Path path) {
        String text;
        if (Files.isDirectory(path)) {
            throw new SweepFileException(path + ": is a folder, not a sweep file");
        }
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SweepFileException(path + ": file not found");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new SweepFileException(path + ": cannot read: permission denied");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SweepFileException(path + ": not a text file (not valid UTF-8); a sweep file is YAML");
        } catch (IOException e) {
            throw new SweepFileException(path + ": cannot read: " + e.getMessage());
        }
        if (text.indexOf('\0') >= 0) {
            throw new SweepFileException(path + ": not a text file (holds NUL bytes); a sweep file is YAML");
        }
        return new SweepParser(path.toString()).read(text);
    }

    public static SweepSpec parse(String file, String text) {
        return new SweepParser(file).read(text);
    }

    private SweepSpec read(String text) {
        Node root;
        try (Reader reader = new java.io.StringReader(text)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (YAMLException | IOException e) {
            throw new SweepFileException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (!(root instanceof MappingNode top)) {
            throw new SweepFileException(file + ": expected a mapping at the top (name, base, grid, ...)");
        }
        Map<String, NodeTuple> fields = fields(top, "", Set.of("name", "seed", "base", "grid", "per_variant", "seeds",
                "repeats", "execution", "output", "search"));
        String name = scalar(required(fields, "name", top).getValueNode(), "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_NAME_LENGTH - 1) + "}")) {
            // the name is a folder of the results path: no "..", no hidden or over-long names
            throw error(fields.get("name").getValueNode(), "name", "must be 1 to " + MAX_NAME_LENGTH + " letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit, found "
                    + (name.length() > 40 ? name.substring(0, 40) + "... (" + name.length() + " characters)" : name));
        }
        long seed = fields.containsKey("seed") ? longValue(fields.get("seed").getValueNode(), "seed") : 0;

        Map<Knob<?>, Object> base = new LinkedHashMap<>();
        if (fields.containsKey("base")) {
            MappingNode baseNode = mapping(fields.get("base").getValueNode(), "base");
            for (Map.Entry<String, NodeTuple> e : fields(baseNode, "base.", null).entrySet()) {
                Knob<?> knob = knob(e.getValue().getKeyNode(), "base." + e.getKey());
                base.put(knob, value(knob, e.getValue().getValueNode(), "base." + e.getKey()));
            }
        }
        Map<Knob<?>, List<Object>> grid = new LinkedHashMap<>();
        if (fields.containsKey("grid")) {
            MappingNode gridNode = mapping(fields.get("grid").getValueNode(), "grid");
            for (Map.Entry<String, NodeTuple> e : fields(gridNode, "grid.", null).entrySet()) {
                String field = "grid." + e.getKey();
                Knob<?> knob = knob(e.getValue().getKeyNode(), field);
                Node valueNode = e.getValue().getValueNode();
                if (!(valueNode instanceof SequenceNode seq)) {
                    throw error(valueNode, field, "must be a list of values");
                }
                if (seq.getValue().isEmpty()) {
                    throw error(valueNode, field, "empty grid axis: give at least one value");
                }
                List<Object> values = new ArrayList<>();
                for (Node item : seq.getValue()) {
                    Object v = value(knob, item, field);
                    if (values.contains(v)) {
                        throw error(item, field, "duplicate value " + v);
                    }
                    values.add(v);
                }
                grid.put(knob, values);
            }
        }
        Map<Variant, Map<Knob<?>, Object>> perVariant = fields.containsKey("per_variant")
                ? perVariant(mapping(fields.get("per_variant").getValueNode(), "per_variant"), grid) : Map.of();
        List<Long> replicates = replicates(fields);
        long trials = replicates.size();
        for (List<Object> axis : grid.values()) {
            trials = Math.multiplyExact(trials, axis.size());
            if (trials > MAX_TRIALS) {
                StringBuilder axes = new StringBuilder();
                grid.forEach((k, v) -> axes.append(axes.length() == 0 ? "" : " x ").append(k.key()).append(' ')
                        .append(v.size()));
                throw new SweepFileException(file + ": grid: " + axes + " x " + replicates.size() + " replicates "
                        + "expands to more than " + MAX_TRIALS + " trials; split the sweep");
            }
        }
        ExecutionSpec execution = fields.containsKey("execution")
                ? execution(mapping(fields.get("execution").getValueNode(), "execution")) : ExecutionSpec.DEFAULT;
        String results = "results";
        if (fields.containsKey("output")) {
            MappingNode out = mapping(fields.get("output").getValueNode(), "output");
            Map<String, NodeTuple> outFields = fields(out, "output.", Set.of("results"));
            if (outFields.containsKey("results")) {
                results = scalar(outFields.get("results").getValueNode(), "output.results");
                if (results.isBlank()) {
                    throw error(outFields.get("results").getValueNode(), "output.results",
                            "must be a path (a folder, or any Hadoop URI), found an empty string");
                }
            }
        }
        java.util.Optional<SearchSpec> search = fields.containsKey("search") ? java.util.Optional.of(
                search(fields.get("search"), grid, execution)) : java.util.Optional.empty();
        SweepSpec spec = new SweepSpec(file, name, seed, base, grid, perVariant, replicates, execution,
                results, search);
        SweepChecks.checkSettings(spec);
        return spec;
    }

    /** {@code per_variant: {VARIANT: {knob: value, ...}, ...}}: any knob but the variant and the grid's axes. */
    private Map<Variant, Map<Knob<?>, Object>> perVariant(MappingNode node, Map<Knob<?>, List<Object>> grid) {
        Map<Variant, Map<Knob<?>, Object>> perVariant = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : fields(node, "per_variant.", null).entrySet()) {
            String field = "per_variant." + e.getKey();
            Variant variant = (Variant) value(Knob.VARIANT, e.getValue().getKeyNode(), field);
            Map<Knob<?>, Object> values = new LinkedHashMap<>();
            MappingNode settings = mapping(e.getValue().getValueNode(), field);
            for (Map.Entry<String, NodeTuple> s : fields(settings, field + ".", null).entrySet()) {
                String f = field + "." + s.getKey();
                Knob<?> knob = knob(s.getValue().getKeyNode(), f);
                if (knob == Knob.VARIANT || grid.containsKey(knob)) {
                    throw error(s.getValue().getKeyNode(), f, knob == Knob.VARIANT ? "a variant's settings cannot "
                            + "change its variant" : "is a grid axis; per_variant sets only knobs the grid does not vary");
                }
                values.put(knob, value(knob, s.getValue().getValueNode(), f));
            }
            perVariant.put(variant, values);
        }
        return perVariant;
    }

    /**
     * {@code search: {metric, goal, rungs, reduction, compete}}: the competing knobs must be grid axes (by default
     * every axis but the study's), and the survivors of a rung continue from checkpoints, so a folder is required.
     */
    private SearchSpec search(NodeTuple tuple, Map<Knob<?>, List<Object>> grid, ExecutionSpec execution) {
        MappingNode node = mapping(tuple.getValueNode(), "search");
        Map<String, NodeTuple> f = fields(node, "search.", Set.of("metric", "goal", "rungs", "reduction", "compete"));
        Node metricNode = required(f, "metric", node).getValueNode();
        String metric = scalar(metricNode, "search.metric");
        boolean maximize;
        try {
            maximize = SearchSpec.maximizedByDefault(metric);
        } catch (IllegalArgumentException e) {
            throw error(metricNode, "search.metric", e.getMessage());
        }
        if (f.containsKey("goal")) {
            Node goal = f.get("goal").getValueNode();
            String g = scalar(goal, "search.goal");
            if (!g.equals("max") && !g.equals("min")) {
                throw error(goal, "search.goal", "must be max or min, found " + g);
            }
            maximize = g.equals("max");
        }
        Node rungsNode = required(f, "rungs", node).getValueNode();
        if (!(rungsNode instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw error(rungsNode, "search.rungs", "must be a non-empty list of epochs");
        }
        List<Integer> rungs = new ArrayList<>();
        for (Node item : seq.getValue()) {
            long epoch = longValue(item, "search.rungs");
            if (epoch <= 0 || epoch > Integer.MAX_VALUE || !rungs.isEmpty() && epoch <= rungs.get(rungs.size() - 1)) {
                throw error(item, "search.rungs", "must be ascending epochs > 0, found " + epoch);
            }
            rungs.add((int) epoch);
        }
        int reduction = 3;
        if (f.containsKey("reduction")) {
            Node r = f.get("reduction").getValueNode();
            long n = longValue(r, "search.reduction");
            if (n < 2 || n > Integer.MAX_VALUE) {
                throw error(r, "search.reduction", "must be >= 2 (one configuration in n goes on), found " + n);
            }
            reduction = (int) n;
        }
        List<Knob<?>> compete = new ArrayList<>();
        if (f.containsKey("compete")) {
            Node c = f.get("compete").getValueNode();
            if (!(c instanceof SequenceNode list) || list.getValue().isEmpty()) {
                throw error(c, "search.compete", "must be a non-empty list of grid axes");
            }
            for (Node item : list.getValue()) {
                Knob<?> knob = knob(item, "search.compete");
                if (!grid.containsKey(knob)) {
                    throw error(item, "search.compete", knob.key() + " is not a grid axis: its values cannot compete");
                }
                compete.add(knob);
            }
        } else {
            grid.keySet().stream().filter(k -> !SearchSpec.STUDY_AXES.contains(k)).forEach(compete::add);
            if (compete.isEmpty()) {
                throw error(tuple.getKeyNode(), "search", "no grid axis to search over: the grid's axes are all ones a "
                        + "study compares (dataset, architecture, variant, width, labels); name the competing axes in "
                        + "search.compete");
            }
        }
        if (execution.checkpointDir().isEmpty()) {
            throw error(tuple.getKeyNode(), "search", "needs execution.checkpoint_dir: the configurations kept at a "
                    + "rung go on from their checkpoints");
        }
        return new SearchSpec(metric, maximize, rungs, reduction, compete);
    }

    private List<Long> replicates(Map<String, NodeTuple> fields) {
        if (fields.containsKey("seeds") && fields.containsKey("repeats")) {
            throw error(fields.get("repeats").getKeyNode(), "repeats", "give either seeds or repeats, not both");
        }
        List<Long> replicates = new ArrayList<>();
        if (fields.containsKey("seeds")) {
            Node node = fields.get("seeds").getValueNode();
            if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                throw error(node, "seeds", "must be a non-empty list of integers");
            }
            for (Node item : seq.getValue()) {
                long s = longValue(item, "seeds");
                if (replicates.contains(s)) {
                    throw error(item, "seeds", "duplicate seed " + s);
                }
                replicates.add(s);
            }
        } else if (fields.containsKey("repeats")) {
            long n = longValue(fields.get("repeats").getValueNode(), "repeats");
            if (n <= 0) {
                throw error(fields.get("repeats").getValueNode(), "repeats", "must be > 0, found " + n);
            }
            for (long i = 0; i < n; i++) {
                replicates.add(i);
            }
        } else {
            replicates.add(0L);
        }
        return replicates;
    }

    private ExecutionSpec execution(MappingNode node) {
        Map<String, NodeTuple> f = fields(node, "execution.", Set.of("mode", "workers", "averaging_frequency",
                "batch_per_worker", "retries", "concurrency", "checkpoint_dir"));
        if (f.containsKey("batch_per_worker")) {
            throw error(f.get("batch_per_worker").getValueNode(), "execution.batch_per_worker", "no longer exists: "
                    + "every averaging worker fits minibatches of the trial's batch size (set batch)");
        }
        ExecutionSpec d = ExecutionSpec.DEFAULT;
        ExecutionSpec.Mode mode = d.mode();
        if (f.containsKey("mode")) {
            Node v = f.get("mode").getValueNode();
            try {
                mode = ExecutionSpec.Mode.parse(scalar(v, "execution.mode"));
            } catch (IllegalArgumentException e) {
                throw error(v, "execution.mode", e.getMessage());
            }
        }
        return new ExecutionSpec(mode,
                positive(f, "workers", d.workers()),
                positive(f, "averaging_frequency", d.averagingFrequency()),
                nonNegative(f, "retries", d.retries()),
                nonNegative(f, "concurrency", d.concurrency()),
                f.containsKey("checkpoint_dir") ? checkpointDir(f.get("checkpoint_dir").getValueNode())
                        : d.checkpointDir());
    }

    /** A checkpoint folder that exists here as a file could never hold a checkpoint: say so before anything runs. */
    private String checkpointDir(Node node) {
        String dir = scalar(node, "execution.checkpoint_dir");
        if (!dir.isEmpty() && Files.exists(Path.of(dir)) && !Files.isDirectory(Path.of(dir))) {
            throw error(node, "execution.checkpoint_dir", "must be a folder, found the file " + dir);
        }
        return dir;
    }

    private int positive(Map<String, NodeTuple> f, String key, int fallback) {
        if (!f.containsKey(key)) {
            return fallback;
        }
        Node v = f.get(key).getValueNode();
        long n = longValue(v, "execution." + key);
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw error(v, "execution." + key, "must be > 0, found " + n);
        }
        return (int) n;
    }

    private int nonNegative(Map<String, NodeTuple> f, String key, int fallback) {
        if (!f.containsKey(key)) {
            return fallback;
        }
        Node v = f.get(key).getValueNode();
        long n = longValue(v, "execution." + key);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw error(v, "execution." + key, "must be >= 0, found " + n);
        }
        return (int) n;
    }

    /** The keys of a mapping; an unknown key (when {@code allowed} is given) or a duplicate is an error. */
    private Map<String, NodeTuple> fields(MappingNode node, String prefix, Set<String> allowed) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : node.getValue()) {
            String key = scalar(t.getKeyNode(), prefix + "<key>");
            if (!seen.add(key)) {
                throw error(t.getKeyNode(), prefix + key, "duplicate key");
            }
            if (allowed != null && !allowed.contains(key)) {
                throw error(t.getKeyNode(), prefix + key, "unknown key, expected one of "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
            out.put(key, t);
        }
        return out;
    }

    private Knob<?> knob(Node keyNode, String field) {
        Knob<?> knob = Knob.fromKey(scalar(keyNode, field));
        if (knob == null) {
            List<String> keys = new ArrayList<>();
            for (Knob<?> k : Knob.ALL) {
                keys.add(k.key());
            }
            throw error(keyNode, field, "unknown key, expected one of " + String.join(", ", keys));
        }
        return knob;
    }

    private Object value(Knob<?> knob, Node node, String field) {
        String scalar = scalar(node, field);
        try {
            return knob.parse(scalar);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            throw error(node, field, msg.contains("found") ? msg : msg + ", found " + scalar);
        }
    }

    private NodeTuple required(Map<String, NodeTuple> fields, String key, Node parent) {
        NodeTuple t = fields.get(key);
        if (t == null) {
            throw error(parent, key, "required field is missing");
        }
        return t;
    }

    private MappingNode mapping(Node node, String field) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, field, "must be a mapping of key: value");
        }
        return m;
    }

    private String scalar(Node node, String field) {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, field, "must be a single value, found a " + (node instanceof SequenceNode ? "list"
                    : "mapping"));
        }
        return s.getValue();
    }

    private long longValue(Node node, String field) {
        String s = scalar(node, field);
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw error(node, field, "must be an integer, found " + s);
        }
    }

    private int lineOf(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private SweepFileException error(Node node, String field, String problem) {
        return new SweepFileException(file, lineOf(node), field, problem);
    }
}
