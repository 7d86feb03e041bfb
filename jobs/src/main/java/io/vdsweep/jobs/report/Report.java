package io.vdsweep.jobs.report;

import io.vdsweep.core.eval.Metrics;
import io.vdsweep.jobs.store.ResultStore;
import io.vdsweep.jobs.store.ResultsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * {@code vdsweep report}: reads the Parquet a sweep wrote (also a partial or resumed one) and writes PNG figures,
 * {@code report.md} with the paper's Table 1 layout filled from the results (published numbers beside matching
 * rows), and a self-contained {@code report.html} with the images inline.
 */
public final class Report {

    private final SparkSession spark;
    private final String results;

    public Report(SparkSession spark, String results) {
        this.spark = spark;
        this.results = results;
    }

    /** Writes the report of {@code sweep} into {@code out}; returns the Markdown file. */
    public Path write(String sweep, Path out) throws IOException {
        Files.createDirectories(out);
        List<GroupStats> groups = summary(sweep);
        Figures figures = new Figures(out, sweep);
        List<Figures.Figure> all = new ArrayList<>(figures.width(groups));
        all.add(figures.layers(groups));
        all.add(figures.labels(groups));
        all.add(figures.modes(groups));
        all.addAll(figures.curves(curves(sweep)));

        String markdown = markdown(sweep, groups, all);
        Path md = out.resolve(sweep + "-report.md");
        Files.writeString(md, markdown);
        Files.writeString(out.resolve(sweep + "-report.html"), html(markdown, out));
        return md;
    }

    private List<GroupStats> summary(String sweep) {
        // The summary the last run wrote; for a sweep killed before writing it (or with a damaged one), the same
        // aggregation computed here from the trials rows, without writing anything.
        ResultStore store = new ResultStore(spark, results, sweep);
        Dataset<Row> summary = store.currentSummary();
        if (summary == null) {
            summary = store.computedSummary();
        }
        if (summary == null) {
            throw new ResultsException("results: sweep " + sweep + " under " + results + " has neither a readable "
                    + "summary nor trials rows; check it with 'vdsweep doctor " + results + "'");
        }
        return summary.collectAsList().stream().map(GroupStats::of)
                .sorted(Comparator.comparing(GroupStats::architecture).thenComparing(GroupStats::labels).reversed()
                        .thenComparing(GroupStats::variant).thenComparingDouble(GroupStats::width))
                .toList();
    }

    private Map<String, List<double[]>> curves(String sweep) {
        org.apache.hadoop.fs.Path epochs = new org.apache.hadoop.fs.Path(
                new org.apache.hadoop.fs.Path(results, "epochs"), "sweep=" + sweep);
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        try {
            if (!epochs.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(epochs)) {
                return curves;
            }
        } catch (IOException e) {
            return curves;
        }
        List<Row> rows = spark.read().parquet(io.vdsweep.jobs.store.ResultStore.literal(epochs))
                .groupBy("architecture", "variant", "width", "labels", "epoch")
                .agg(functions.avg("test_acc"), functions.avg("sparsity"), functions.avg("kl_weight"))
                .orderBy("architecture", "variant", "width", "labels", "epoch").collectAsList();
        for (Row r : rows) {
            String key = r.getString(0) + " " + r.getString(1) + " k=" + r.getDouble(2) + " labels=" + r.getString(3);
            curves.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new double[] {r.getInt(4), r.getDouble(5), r.getDouble(6), r.getDouble(7)});
        }
        return curves;
    }

    static String markdown(String sweep, List<GroupStats> groups, List<Figures.Figure> figures) {
        StringBuilder md = new StringBuilder("# Sweep `").append(sweep).append("`\n\n");
        table1(md, groups);
        structuredTable(md, groups);
        recurrentTable(md, groups);
        md.append("\n## All groups\n\n| Net | Method | k | labels | n | test acc (det.) | stochastic | ensemble "
                + "| train acc | sparsity |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (GroupStats g : groups) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %.4f | %s | %s | %.4f | %.4f |%n",
                    g.architecture(), g.method(), g.width(), g.labels(), g.n(), g.testAcc(), num(g.stochastic()),
                    num(g.ensemble()), g.trainAcc(), g.sparsity()));
        }
        md.append("\n## Figures\n\n");
        for (Figures.Figure f : figures) {
            if (f.written()) {
                md.append("### ").append(f.title()).append("\n\n![").append(f.title()).append("](")
                        .append(f.file()).append(")\n\n");
            } else {
                md.append("- ").append(f.title()).append(": ").append(f.note()).append("\n");
            }
        }
        return md.toString();
    }

    /**
     * Molchanov et al. 2017's Table 1 layout for the feed-forward nets with true labels, published numbers beside the
     * rows the paper has; absent when the sweep has no such group (a recurrent-only sweep).
     */
    private static void table1(StringBuilder md, List<GroupStats> groups) {
        List<GroupStats> rows = groups.stream().filter(g -> g.labels().equals("true") && !g.recurrent()).toList();
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Table 1 layout (true labels)\n\nError and sparsity are means over the replicates that finished "
                + "(n); published values are Molchanov et al. 2017, Table 1, after 200 epochs on the whole training set "
                + "(Run: what these trials trained).\n\n");
        md.append("| Net | Method | k | Run | n | Error % | Sparsity per layer % | Compression | Published error % "
                + "| Published sparsity % | Published compression |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (GroupStats g : rows) {
            PublishedResults.Row p = PublishedResults.lookup(g);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |%n",
                    g.architecture(), g.method(), g.width(), g.run(), g.n(), error(g), layers(g),
                    Metrics.compressionText(g.compression()),
                    p == null ? "–" : String.format(Locale.ROOT, "%.2f", p.errorPercent()),
                    p == null ? "–" : p.layerSparsity(), p == null ? "–" : String.format(Locale.ROOT, "%.0f",
                            p.compression())));
        }
    }

    /**
     * Neklyudov et al. 2017's Table 1 layout, for SBP rows and the rows that table has a published figure for
     * (LeNet-500-300 and LeNet-5-Caffe on MNIST: plain, Sparse VD, SBP): units per level that remain
     * (our levels: input, each weight layer's outputs, flattened positions before a dense layer) and the FLOPs
     * reduction, with the published figures beside (their neurons list LeNet-5's conv filters and dense inputs).
     */
    private static void structuredTable(StringBuilder md, List<GroupStats> groups) {
        List<GroupStats> rows = groups.stream().filter(g -> g.labels().equals("true")
                && (g.variant().equals("sbp") || PublishedResults.structured(g) != null)).toList();
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n## Structured pruning layout (Neklyudov et al. 2017, Table 1)\n\nUnits kept per level are means "
                + "over the replicates: the input, each weight layer's neurons or filters, and the flattened positions "
                + "a dense layer reads from an image; a unit goes when SBP prunes it or no kept weight reaches or "
                + "leaves it. CPU speed-up: the plain net with only those units against the full one, batch 100, "
                + "timed on the executor.\n\n| Net | Method | k | n | Error % | Units kept | Compression | CPU speed-up "
                + "| FLOPs reduction | Published error % | Published neurons | Published CPU speed-up "
                + "| Published FLOPs reduction |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (GroupStats g : rows) {
            PublishedResults.StructuredRow p = PublishedResults.structured(g);
            List<String> units = g.unitsKept().stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %.2f | %.2f | %s | %s | %s "
                    + "| %s |%n", g.architecture(), g.variant(), g.width(), g.n(), error(g),
                    units.isEmpty() ? "–" : String.join(" – ", units), Metrics.compressionText(g.compression()),
                    g.cpuSpeedup(),
                    g.flopsReduction(),
                    p == null ? "–" : String.format(Locale.ROOT, "%.2f", p.errorPercent()),
                    p == null ? "–" : p.neurons(),
                    p == null ? "–" : String.format(Locale.ROOT, "%.2f", p.cpuSpeedup()),
                    p == null ? "–" : String.format(Locale.ROOT, "%.2f", p.flopsReduction())));
        }
    }

    /**
     * Lobacheva et al. 2017's layout for the recurrent nets: the test metric (IMDB error %, character-PTB bits per
     * character on the test file) and the pruned fraction of every weight matrix in network order — IMDB: embedding,
     * LSTM x–h, h–h, dense; PTB: x–h, h–h, dense (the paper's h–y) — with the published figures beside.
     */
    private static void recurrentTable(StringBuilder md, List<GroupStats> groups) {
        List<GroupStats> rows = groups.stream().filter(GroupStats::recurrent).toList();
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n## Recurrent nets (Lobacheva et al. 2017)\n\nSparsity per weight matrix in network order "
                + "(lstm-imdb: embedding – x–h – h–h – dense; lstm-char-ptb: x–h – h–h – dense). Published: IMDB test "
                + "error and the sparsity the paper gives; character PTB validation / test bits per character and "
                + "x–h – h–h – h–y sparsity. The published runs train for hundreds of epochs at k = 1.\n\n"
                + "| Net | Method | start | k | labels | Run | n | Test metric | Sparsity per matrix % | Compression "
                + "| Published metric | Published sparsity % |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (GroupStats g : rows) {
            PublishedResults.RecurrentRow p = PublishedResults.recurrent(g);
            String metric = Double.isNaN(g.testBpc()) ? "error " + error(g) + "%"
                    : String.format(Locale.ROOT, "%.3f bpc", g.testBpc());
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d | %s | %s | %s | %s | %s |%n",
                    g.architecture(), g.variant(), g.pretrain().equals("none") ? "random" : "from " + g.pretrain(),
                    g.width(), g.labels(), g.run(), g.n(), metric, layers(g), Metrics.compressionText(g.compression()),
                    p == null ? "–" : p.metric(),
                    p == null ? "–" : p.sparsity()));
        }
    }

    /** Error % as the table shows it: 100·(1 − mean accuracy), ± 100·std when there are replicates. */
    static String error(GroupStats g) {
        String mean = String.format(Locale.ROOT, "%.2f", 100 * (1 - g.testAcc()));
        return Double.isNaN(g.testAccStd()) ? mean : mean + String.format(Locale.ROOT, " ± %.2f", 100 * g.testAccStd());
    }

    static String layers(GroupStats g) {
        if (g.layerPruned().isEmpty()) {
            return "–";
        }
        List<String> parts = new ArrayList<>();
        for (double v : g.layerPruned()) {
            parts.add(String.format(Locale.ROOT, "%.1f", 100 * v));
        }
        return String.join(" – ", parts);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** HTML with every image embedded as a data URI, so the file stands alone. */
    private static String html(String markdown, Path dir) {
        var extensions = List.of(TablesExtension.create());
        Parser parser = Parser.builder().extensions(extensions).build();
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(extensions)
                .attributeProviderFactory(context -> (node, tag, attributes) -> {
                    if (node instanceof Image image) {
                        try {
                            attributes.put("src", "data:image/png;base64," + Base64.getEncoder()
                                    .encodeToString(Files.readAllBytes(dir.resolve(image.getDestination()))));
                        } catch (IOException e) {
                            throw new IllegalStateException("report: cannot embed " + image.getDestination(), e);
                        }
                    }
                }).build();
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>vdsweep report</title><style>"
                + "body{font-family:sans-serif;max-width:1000px;margin:auto}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:2px 6px}img{max-width:100%}</style></head><body>"
                + renderer.render(parser.parse(markdown)) + "</body></html>\n";
    }
}
