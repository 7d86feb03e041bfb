package io.vdsweep.jobs.cli;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The summary table as the driver prints it: one line per group, the columns a researcher looks at first. */
final class SummaryTable {

    private SummaryTable() {
    }

    /** One line per group; a variant that started from a pretraining run reads e.g. {@code sparse-vd<-no-dropout}. */
    static String format(Dataset<Row> summary) {
        // Sorted here, not by Spark: a sort in Spark is two jobs (sampling, then sorting) for a few dozen rows.
        List<Row> rows = new java.util.ArrayList<>(summary
                .select("architecture", "dataset", "variant", "width", "labels", "n", "test_acc_mean", "test_acc_std",
                        "train_acc_mean", "sparsity_mean", "compression_mean", "pretrain")
                .collectAsList());
        rows.sort(java.util.Comparator.<Row, String>comparing(r -> r.getString(0)).thenComparing(r -> r.getString(1))
                .thenComparing(r -> r.getString(4)).thenComparing(r -> r.getString(2))
                .thenComparing(r -> r.isNullAt(11) ? "" : r.getString(11))
                .thenComparingDouble(r -> r.getDouble(3)));
        StringBuilder s = new StringBuilder(String.format("%-14s %-8s %-16s %5s %-6s %2s %16s %9s %9s %11s%n",
                "architecture", "dataset", "variant", "k", "labels", "n", "test acc (std)", "train acc", "sparsity",
                "compression"));
        for (Row r : rows) {
            s.append(String.format("%-14s %-8s %-16s %5s %-6s %2d %8.4f (%5s) %9.4f %9.4f %10.1fx%n", r.getString(0),
                    r.getString(1), r.getString(2) + (r.isNullAt(11) || r.getString(11).equals("none") ? ""
                            : "<-" + r.getString(11)), r.getDouble(3), r.getString(4), r.getLong(5), r.getDouble(6),
                    r.isNullAt(7) ? "-" : String.format("%.3f", r.getDouble(7)), r.getDouble(8), r.getDouble(9),
                    r.getDouble(10)));
        }
        return s.toString().stripTrailing();
    }
}
