package io.vdsweep.jobs.report;

import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One summary row (a config without its replicate) as the report uses it.
 *
 * @param architecture  network
 * @param variant       variant id
 * @param width         k
 * @param dataset       dataset id
 * @param labels        true or random
 * @param n             replicates aggregated
 * @param testAcc       mean deterministic test accuracy
 * @param testAccStd    its std (NaN when n = 1)
 * @param stochastic    mean stochastic test accuracy (NaN for plain nets)
 * @param ensemble      mean ensemble test accuracy (NaN for plain nets)
 * @param trainAcc      mean train accuracy
 * @param sparsity      mean overall sparsity
 * @param sparsityStd   its std
 * @param compression   mean compression
 * @param layerPruned   per-layer mean pruned fraction
 * @param flopsReduction mean FLOPs of the full net over those of the pruned one
 * @param unitsKept     per-level mean units remaining (empty for rows written before the column existed)
 * @param cpuSpeedup    mean measured CPU inference speed-up of the shrunk net
 * @param pretrain      the pretraining run the trials started from ({@code none}, or e.g. {@code no-dropout})
 * @param testBpc       mean test bits per character (NaN except for character-level language models)
 * @param epochs        epochs each trial trained
 * @param trainLimit    training examples used (0 = the whole training set)
 */
record GroupStats(String groupKey, String architecture, String variant, double width, String dataset, String labels,
        long n, double testAcc, double testAccStd, double stochastic, double ensemble, double trainAcc,
        double sparsity, double sparsityStd, double compression, List<Double> layerPruned, double flopsReduction,
        List<Double> unitsKept, double cpuSpeedup, String pretrain, double testBpc, int epochs, int trainLimit) {

    static GroupStats of(Row r) {
        return new GroupStats(r.getAs("group_key"), r.getAs("architecture"), r.getAs("variant"), r.getAs("width"),
                r.getAs("dataset"), r.getAs("labels"), r.getAs("n"), value(r, "test_acc_mean"),
                value(r, "test_acc_std"), value(r, "test_acc_stochastic_mean"), value(r, "test_acc_ensemble_mean"),
                value(r, "train_acc_mean"), value(r, "sparsity_mean"), value(r, "sparsity_std"),
                value(r, "compression_mean"),
                list(r, "layer_pruned_mean"), value(r, "flops_reduction_mean"), list(r, "units_kept_mean"),
                value(r, "cpu_speedup_mean"), text(r, "pretrain", "none"), value(r, "test_bpc_mean"),
                r.<Integer>getAs("epochs"), r.<Integer>getAs("train_limit"));
    }

    private static String text(Row r, String column, String absent) {
        if (!java.util.Arrays.asList(r.schema().fieldNames()).contains(column) || r.isNullAt(r.fieldIndex(column))) {
            return absent;
        }
        return r.getAs(column);
    }

    private static List<Double> list(Row r, String column) {
        if (!java.util.Arrays.asList(r.schema().fieldNames()).contains(column) || r.isNullAt(r.fieldIndex(column))) {
            return List.of();
        }
        return r.getList(r.fieldIndex(column));
    }

    private static double value(Row r, String column) {
        if (!java.util.Arrays.asList(r.schema().fieldNames()).contains(column)) {
            return Double.NaN;                    // a summary written before the column existed
        }
        int i = r.fieldIndex(column);
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    /** What the trials ran, for tables that put them beside published full-length runs: "3 ep, 10000 train". */
    String run() {
        return epochs + " ep, " + (trainLimit == 0 ? "all" : String.valueOf(trainLimit)) + " train";
    }

    /** Whether the group's net is recurrent (its own table in the report). */
    boolean recurrent() {
        return io.vdsweep.core.nets.Architecture.fromId(architecture).recurrent();
    }

    /** The variant and the pretraining start when there is one ("sparse-vd from no-dropout"): a table's method. */
    String method() {
        return variant + (pretrain.equals("none") ? "" : " from " + pretrain);
    }

    /** architecture, variant and the pretraining start when there is one: the series name of most figures. */
    String series() {
        return architecture + " " + method();
    }
}
