package io.vdsweep.jobs.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * The report's figures, drawn with XChart and saved as PNG. Each method returns the figure it wrote, or a note
 * saying why there was nothing to draw (the report lists skipped figures instead of failing).
 */
final class Figures {

    private static final int WIDTH = 900;
    /** Height of the plot itself; a figure grows by {@link #LEGEND_LINE} per legend entry below it. */
    private static final int HEIGHT = 560;
    private static final int LEGEND_LINE = 20;
    /**
     * 20 distinguishable colours (Tableau 20), so a sweep's series repeat colours only beyond 20; series that share a
     * colour still differ in marker.
     */
    private static final Color[] PALETTE = Stream.of("1f77b4", "ff7f0e", "2ca02c", "d62728", "9467bd", "8c564b",
            "e377c2", "7f7f7f", "bcbd22", "17becf", "aec7e8", "ffbb78", "98df8a", "ff9896", "c5b0d5", "c49c94",
            "f7b6d2", "c7c7c7", "dbdb8d", "9edae5").map(h -> new Color(Integer.parseInt(h, 16))).toArray(Color[]::new);
    /** Series at one width sit this fraction of k apart, so their error bars do not cover each other. */
    private static final double DODGE = 0.015;

    /** A written figure or a skip note. */
    record Figure(String file, String title, String note) {
        boolean written() {
            return file != null;
        }
    }

    private final Path out;
    private final String sweep;

    Figures(Path out, String sweep) {
        this.out = out;
        this.sweep = sweep;
    }

    /** Accuracy and sparsity against width k, one line per variant, error bars over replicates (Fig. 3). */
    List<Figure> width(List<GroupStats> groups) {
        List<GroupStats> trueLabels = groups.stream().filter(g -> g.labels().equals("true")).toList();
        if (trueLabels.stream().map(GroupStats::width).distinct().count() < 2) {
            return List.of(new Figure(null, "Accuracy and sparsity vs width k", "skipped: fewer than two widths"));
        }
        Map<String, List<GroupStats>> bySeries = trueLabels.stream()
                .collect(Collectors.groupingBy(GroupStats::series, LinkedHashMap::new, Collectors.toList()));
        XYChart accuracy = xy("Test accuracy vs width k", "width k", "test accuracy (deterministic)", bySeries.size());
        XYChart sparsity = xy("Sparsity vs width k", "width k", "fraction of weights pruned", bySeries.size());
        int[] index = {0};
        bySeries.forEach((name, list) -> {
            List<GroupStats> sorted = list.stream().sorted(Comparator.comparingDouble(GroupStats::width)).toList();
            double dodge = 1 + DODGE * (index[0]++ - (bySeries.size() - 1) / 2.0);
            double[] k = sorted.stream().mapToDouble(g -> g.width() * dodge).toArray();
            accuracy.addSeries(name, k, sorted.stream().mapToDouble(GroupStats::testAcc).toArray(),
                    sorted.stream().mapToDouble(g -> zeroIfNaN(g.testAccStd())).toArray());
            sparsity.addSeries(name, k, sorted.stream().mapToDouble(GroupStats::sparsity).toArray(),
                    sorted.stream().mapToDouble(g -> zeroIfNaN(g.sparsityStd())).toArray());
        });
        String bars = trueLabels.stream().anyMatch(g -> g.n() > 1) ? " (error bars: std over seeds)"
                : " (one seed per point: no error bars)";
        return List.of(save(accuracy, "width-accuracy", "Test accuracy vs width k" + bars),
                save(sparsity, "width-sparsity", "Sparsity vs width k" + bars));
    }

    /** Per-layer sparsity bars for each (architecture, variant, k) with variational layers, true labels. */
    Figure layers(List<GroupStats> groups) {
        List<GroupStats> withLayers = groups.stream()
                .filter(g -> g.labels().equals("true") && !g.layerPruned().isEmpty()).toList();
        if (withLayers.isEmpty()) {
            return new Figure(null, "Per-layer sparsity", "skipped: no variational layers in this sweep");
        }
        int layers = withLayers.stream().mapToInt(g -> g.layerPruned().size()).max().orElse(0);
        CategoryChart chart = category("Per-layer sparsity", "layer", "fraction of weights pruned", withLayers.size());
        List<String> categories = new ArrayList<>();
        for (int i = 1; i <= layers; i++) {
            categories.add("layer " + i);
        }
        for (GroupStats g : withLayers) {
            List<Double> values = new ArrayList<>(g.layerPruned());
            while (values.size() < layers) {
                values.add(0.0);
            }
            chart.addSeries(g.series() + " k=" + g.width(), categories, values);
        }
        return save(chart, "layers", "Per-layer sparsity (log α > 3), true labels");
    }

    /** True vs random labels: train accuracy, test accuracy, sparsity side by side (Sec. 5.2). */
    Figure labels(List<GroupStats> groups) {
        if (groups.stream().noneMatch(g -> g.labels().equals("random"))) {
            return new Figure(null, "True vs random labels", "skipped: no random-label trials in this sweep");
        }
        CategoryChart chart = category("True vs random labels", "", "value", groups.size());
        List<String> metrics = List.of("train accuracy", "test accuracy", "sparsity");
        for (GroupStats g : groups.stream().sorted(Comparator.comparing(GroupStats::series)
                .thenComparing(GroupStats::labels).thenComparingDouble(GroupStats::width)).toList()) {
            chart.addSeries(g.series() + " k=" + g.width() + " labels=" + g.labels(), metrics,
                    List.of(g.trainAcc(), g.testAcc(), g.sparsity()));
        }
        return save(chart, "labels", "Train accuracy, test accuracy and sparsity with true vs random labels");
    }

    /** Deterministic vs stochastic vs ensemble accuracy per parameterization (Variance Networks, Table 2). */
    Figure modes(List<GroupStats> groups) {
        List<GroupStats> variational = groups.stream()
                .filter(g -> g.labels().equals("true") && !Double.isNaN(g.stochastic())).toList();
        if (variational.isEmpty()) {
            return new Figure(null, "Inference modes", "skipped: no variational trials with true labels");
        }
        List<String> names = variational.stream().map(g -> g.series() + " k=" + g.width()).toList();
        CategoryChart chart = category("Test accuracy by inference mode", "", "test accuracy", 3);
        chart.getStyler().setXAxisLabelRotation(names.size() > 3 ? 30 : 0);     // long group names side by side
        chart.addSeries("deterministic", names, variational.stream().map(GroupStats::testAcc).toList());
        chart.addSeries("stochastic", names, variational.stream().map(GroupStats::stochastic).toList());
        chart.addSeries("ensemble", names, variational.stream().map(GroupStats::ensemble).toList());
        return save(chart, "modes", "Deterministic vs stochastic vs ensemble test accuracy");
    }

    /** Training curves: test accuracy, sparsity and KL weight per epoch, mean over replicates per group. */
    List<Figure> curves(Map<String, List<double[]>> curvesByGroup) {
        if (curvesByGroup.isEmpty()) {
            return List.of(new Figure(null, "Training curves", "skipped: no epochs recorded"));
        }
        String[] titles = {"Test accuracy per epoch", "Sparsity per epoch", "KL weight per epoch"};
        String[] files = {"curve-test-accuracy", "curve-sparsity", "curve-kl-weight"};
        List<Figure> figures = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            XYChart chart = xy(titles[m], "epoch", titles[m].split(" per ")[0].toLowerCase(), curvesByGroup.size());
            for (Map.Entry<String, List<double[]>> e : curvesByGroup.entrySet()) {
                int metric = m;
                chart.addSeries(e.getKey(), e.getValue().stream().mapToDouble(p -> p[0]).toArray(),
                        e.getValue().stream().mapToDouble(p -> p[1 + metric]).toArray());
            }
            figures.add(save(chart, files[m], titles[m] + " (mean over replicates)"));
        }
        return figures;
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** An XY chart tall enough for the plot and one legend line per series below it. */
    private XYChart xy(String title, String x, String y, int series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT + LEGEND_LINE * series).title(title)
                .xAxisTitle(x).yAxisTitle(y).build();
        style(chart.getStyler());
        return chart;
    }

    /** A category chart tall enough for the plot and one legend line per series below it. */
    private CategoryChart category(String title, String x, String y, int series) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT + LEGEND_LINE * series)
                .title(title).xAxisTitle(x).yAxisTitle(y).build();
        style(chart.getStyler());
        return chart;
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        styler.setSeriesColors(PALETTE);
    }

    private Figure save(Chart<?, ?> chart, String name, String title) {
        String file = sweep + "-" + name + ".png";
        try {
            BitmapEncoder.saveBitmap(chart, out.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new IllegalStateException("report: cannot write " + out.resolve(file) + ": " + e.getMessage(), e);
        }
        return new Figure(file, title, null);
    }
}
