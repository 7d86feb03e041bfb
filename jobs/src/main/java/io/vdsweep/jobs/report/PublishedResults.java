package io.vdsweep.jobs.report;

import java.util.Map;

/**
 * The published numbers our rows are shown beside: Molchanov et al. 2017, Table 1 (Sparse VD) and Neklyudov et al.
 * 2017, Table 1 (Structured Bayesian Pruning).
 */
final class PublishedResults {

    /** Published error %, per-layer sparsity % and compression for (architecture, variant) on MNIST. */
    record Row(double errorPercent, String layerSparsity, double compression) {
    }

    private static final Map<String, Row> TABLE_1 = Map.of(
            "lenet-300-100/no-dropout", new Row(1.64, "–", 1),
            "lenet-300-100/sparse-vd", new Row(1.92, "98.9 – 97.2 – 62.0", 68),
            "lenet-5-caffe/no-dropout", new Row(0.80, "–", 1),
            "lenet-5-caffe/sparse-vd", new Row(0.75, "67 – 98 – 99.8 – 95", 280));

    /** Published error %, neurons per layer, and CPU speed-up and FLOPs reduction of the pruned net. */
    record StructuredRow(double errorPercent, String neurons, double cpuSpeedup, double flopsReduction) {
    }

    private static final Map<String, StructuredRow> SBP_TABLE_1 = Map.of(
            "lenet-500-300/no-dropout", new StructuredRow(1.54, "784 – 500 – 300 – 10", 1, 1),
            "lenet-500-300/sparse-vd", new StructuredRow(1.57, "537 – 217 – 130 – 10", 1.19, 3.73),
            "lenet-500-300/sbp", new StructuredRow(1.55, "245 – 160 – 55 – 10", 2.33, 11.23),
            "lenet-5-caffe/no-dropout", new StructuredRow(0.80, "20 – 50 – 800 – 500", 1, 1),
            "lenet-5-caffe/sparse-vd", new StructuredRow(0.75, "17 – 32 – 329 – 75", 1.48, 2.19),
            "lenet-5-caffe/sbp", new StructuredRow(0.86, "3 – 18 – 284 – 283", 5.41, 10.49));

    private PublishedResults() {
    }

    /** The SBP paper's row for a full-width, true-label MNIST group, or null. */
    static StructuredRow structured(GroupStats g) {
        if (!g.dataset().equals("mnist") || !g.labels().equals("true") || g.width() != 1.0) {
            return null;
        }
        return SBP_TABLE_1.get(g.architecture() + "/" + g.variant());
    }

    /** The published row for a full-width, true-label MNIST group, or null. */
    static Row lookup(GroupStats g) {
        if (!g.dataset().equals("mnist") || !g.labels().equals("true") || g.width() != 1.0) {
            return null;
        }
        return TABLE_1.get(g.architecture() + "/" + g.variant());
    }
}
