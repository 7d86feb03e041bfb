package io.vdsweep.jobs.cli;

import io.vdsweep.core.eval.Metrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The summary table as the driver prints it: one line per group, the columns a researcher looks at first. */
final class SummaryTable {

    /** The summary columns the table shows. */
    static final List<String> COLUMNS = List.of("architecture", "dataset", "variant", "width", "labels", "n",
            "test_acc_mean", "test_acc_std", "train_acc_mean", "sparsity_mean", "compression_mean", "pretrain");

    private SummaryTable() {
    }

    /** The table of a summary Spark read. */
    static String format(Dataset<Row> summary) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : summary.select(COLUMNS.get(0), COLUMNS.subList(1, COLUMNS.size()).toArray(String[]::new))
                .collectAsList()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < COLUMNS.size(); i++) {
                row.put(COLUMNS.get(i), r.get(i));
            }
            rows.add(row);
        }
        return format(rows);
    }

    /**
     * One line per group (maps of {@link #COLUMNS}); a variant that started from a pretraining run reads e.g.
     * {@code sparse-vd<-no-dropout}.
     */
    static String format(List<Map<String, Object>> summary) {
        // Sorted here, not by Spark: a sort in Spark is two jobs (sampling, then sorting) for a few dozen rows.
        List<Map<String, Object>> rows = new ArrayList<>(summary);
        rows.sort(Comparator.<Map<String, Object>, String>comparing(r -> text(r, "architecture"))
                .thenComparing(r -> text(r, "dataset")).thenComparing(r -> text(r, "labels"))
                .thenComparing(r -> text(r, "variant")).thenComparing(r -> text(r, "pretrain"))
                .thenComparingDouble(r -> number(r, "width")));
        StringBuilder s = new StringBuilder(String.format("%-14s %-8s %-16s %5s %-6s %2s %16s %9s %9s %11s%n",
                "architecture", "dataset", "variant", "k", "labels", "n", "test acc (std)", "train acc", "sparsity",
                "compression"));
        for (Map<String, Object> r : rows) {
            String pretrain = text(r, "pretrain");
            Object std = r.get("test_acc_std");
            s.append(String.format("%-14s %-8s %-16s %5s %-6s %2d %8.4f (%5s) %9.4f %9.4f %11s%n",
                    text(r, "architecture"), text(r, "dataset"), text(r, "variant")
                            + (pretrain.isEmpty() || pretrain.equals("none") ? "" : "<-" + pretrain),
                    number(r, "width"), text(r, "labels"), ((Number) r.get("n")).longValue(),
                    number(r, "test_acc_mean"), std == null ? "-" : String.format("%.3f", ((Number) std).doubleValue()),
                    number(r, "train_acc_mean"), number(r, "sparsity_mean"),
                    Metrics.compressionText(number(r, "compression_mean"))));
        }
        return s.toString().stripTrailing();
    }

    private static String text(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? "" : v.toString();
    }

    private static double number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).doubleValue();
    }
}
