import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Compares a search sweep with the same grid run to the end (read by DuckDB): epochs each trained, and per bracket
 * (labels) every configuration's final test accuracy in the full grid, ranked, with what the search did to it. Usage:
 * java -cp duckdb_jdbc.jar bench/SearchFigures.java SEARCH_RESULTS FULL_RESULTS SWEEP
 */
public class SearchFigures {
    public static void main(String[] args) throws Exception {
        String search = "read_parquet('" + args[0] + "/trials/sweep=" + args[2] + "/*.parquet')";
        String full = "read_parquet('" + args[1] + "/trials/sweep=" + args[2] + "/*.parquet')";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String[] run : new String[][] {{"search", search}, {"full grid", full}}) {
                ResultSet rs = c.createStatement().executeQuery("SELECT sum(epochs_done), sum(wall_seconds), "
                        + "count(*) FILTER (status = 'OK'), count(*) FILTER (status = 'STOPPED') FROM " + run[1]);
                rs.next();
                System.out.printf("%-9s: %d epochs trained, %.0f s of trial attempts, %d OK, %d STOPPED%n", run[0],
                        rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4));
            }
            ResultSet rs = c.createStatement().executeQuery("SELECT f.labels, f.lr, f.log_sigma2_init, f.test_acc, "
                    + "f.sparsity, rank() OVER (PARTITION BY f.labels ORDER BY f.test_acc DESC), s.status, "
                    + "s.epochs_done, s.test_acc FROM " + full + " f JOIN " + search + " s USING (trial_id) "
                    + "ORDER BY f.labels, f.test_acc DESC");
            System.out.println("labels  lr      log_sigma2_init  full: test_acc sparsity rank | search: status "
                    + "epochs test_acc");
            while (rs.next()) {
                System.out.printf("%-7s %-7s %15.0f  %14.4f %8.4f %4d | %-7s %6d %8.4f%n", rs.getString(1),
                        rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6),
                        rs.getString(7), rs.getInt(8), rs.getDouble(9));
            }
        }
    }
}
