package io.vdsweep.jobs.report;

import java.util.Map;

/**
 * The published numbers our rows are shown beside: Molchanov et al. 2017, Table 1 (Sparse VD), Neklyudov et al.
 * 2017, Table 1 (Structured Bayesian Pruning) and Lobacheva, Chirkova, Vetrov 2017 (Sparse VD for LSTMs).
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

    /** Published test metric (IMDB error, character-PTB test bits per character) and sparsity as reported. */
    record RecurrentRow(String metric, String sparsity) {
    }

    /**
     * Lobacheva et al. 2017: IMDB test error and the sparsity the paper gives for the Sparse VD rows; character
     * PTB validation/test bits per character and x–h – h–h – h–y sparsity (%). Keyed by architecture/variant/pretrain.
     */
    private static final Map<String, RecurrentRow> RNN = Map.of(
            "lstm-imdb/no-dropout/none", new RecurrentRow("error 15.18%", "–"),
            "lstm-imdb/binary-dropout/none", new RecurrentRow("error 14.88%", "–"),
            "lstm-imdb/sparse-vd/none", new RecurrentRow("error 15.26%", "99.91 – 99.90"),
            "lstm-imdb/sparse-vd/no-dropout", new RecurrentRow("error 15.03%", "99.95 – 99.92"),
            "lstm-imdb/sparse-vd/binary-dropout", new RecurrentRow("error 14.75%", "99.63 – 99.49"),
            "lstm-char-ptb/no-dropout/none", new RecurrentRow("1.499 / 1.453 bpc", "–"),
            "lstm-char-ptb/binary-dropout/none", new RecurrentRow("1.394 / 1.358 bpc", "–"),
            "lstm-char-ptb/sparse-vd/none", new RecurrentRow("1.506 / 1.461 bpc", "79.7 – 88.0 – 71.7"),
            "lstm-char-ptb/sparse-vd/no-dropout", new RecurrentRow("1.454 / 1.414 bpc", "61.9 – 60.0 – 43.9"),
            "lstm-char-ptb/sparse-vd/binary-dropout", new RecurrentRow("1.409 / 1.372 bpc", "52.2 – 49.8 – 37.9"));

    private PublishedResults() {
    }

    /** The recurrent paper's row for a full-width, true-label group, or null. */
    static RecurrentRow recurrent(GroupStats g) {
        if (!g.labels().equals("true") || g.width() != 1.0) {
            return null;
        }
        return RNN.get(g.architecture() + "/" + g.variant() + "/" + g.pretrain());
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
