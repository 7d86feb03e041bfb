package io.vdsweep.jobs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the results with DuckDB — an independent Parquet reader, as a notebook would. */
public final class Parquet {

    private Parquet() {
    }

    /** Rows of {@code sql} where {@code {table}} is replaced by a hive-partitioned scan of {@code results/table}. */
    public static List<List<Object>> query(Path results, String table, String sql) throws SQLException {
        String scan = "read_parquet('" + results.resolve(table) + "/*/*.parquet', hive_partitioning = true)";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql.replace("{table}", scan))) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    public static long count(Path results, String table, String where) throws SQLException {
        return ((Number) query(results, table, "SELECT count(*) FROM {table} WHERE " + where).get(0).get(0))
                .longValue();
    }
}
