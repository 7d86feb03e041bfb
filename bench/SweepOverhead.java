import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Figures of a finished sweep from its Parquet (read by DuckDB): trials, slot-time the trials' own attempts report,
 * the span from the first start to the last finish, and the files per table. Usage: java -cp duckdb_jdbc.jar
 * bench/SweepOverhead.java RESULTS SWEEP SLOTS
 */
public class SweepOverhead {
    public static void main(String[] args) throws Exception {
        String trials = "read_parquet('" + args[0] + "/trials/sweep=" + args[1] + "/*.parquet')";
        int slots = Integer.parseInt(args[2]);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*), sum(wall_seconds), "
                        + "epoch(max(finished_at)) - epoch(min(started_at)), "
                        + "(SELECT count(*) FROM glob('" + args[0] + "/trials/sweep=" + args[1] + "/*.parquet')), "
                        + "(SELECT count(*) FROM glob('" + args[0] + "/epochs/sweep=" + args[1] + "/*.parquet')) "
                        + "FROM " + trials + " WHERE status = 'OK'")) {
            rs.next();
            long n = rs.getLong(1);
            double slotSeconds = rs.getDouble(2);
            double span = rs.getDouble(3);
            System.out.printf("trials OK: %d; trial attempts' own time: %.1f slot-s (%.3f s each)%n", n, slotSeconds,
                    slotSeconds / n);
            System.out.printf("first start to last finish: %.1f s on %d slots; busy %.2f of the slots; engine time "
                    + "per trial beyond its own: %.0f ms%n", span, slots, slotSeconds / span / slots,
                    1000 * (span * slots - slotSeconds) / n);
            System.out.printf("files: trials %d, epochs %d%n", rs.getLong(4), rs.getLong(5));
        }
    }
}
