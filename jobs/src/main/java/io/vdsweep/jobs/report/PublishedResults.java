package io.vdsweep.jobs.report;

import java.util.Map;

/** Molchanov et al. 2017, Table 1: the published numbers our rows are shown beside. */
final class PublishedResults {

    /** Published error %, per-layer sparsity % and compression for (architecture, variant) on MNIST. */
    record Row(double errorPercent, String layerSparsity, double compression) {
    }

    private static final Map<String, Row> TABLE_1 = Map.of(
            "lenet-300-100/no-dropout", new Row(1.64, "–", 1),
            "lenet-300-100/sparse-vd", new Row(1.92, "98.9 – 97.2 – 62.0", 68),
            "lenet-5-caffe/no-dropout", new Row(0.80, "–", 1),
            "lenet-5-caffe/sparse-vd", new Row(0.75, "67 – 98 – 99.8 – 95", 280));

    private PublishedResults() {
    }

    /** The published row for a full-width, true-label MNIST group, or null. */
    static Row lookup(GroupStats g) {
        if (!g.dataset().equals("mnist") || !g.labels().equals("true") || g.width() != 1.0) {
            return null;
        }
        return TABLE_1.get(g.architecture() + "/" + g.variant());
    }
}
