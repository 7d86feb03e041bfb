import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Exactly-once check for the cluster test, read by DuckDB (an independent Parquet reader, as a notebook would):
 * prints "OK rows R, trials T" for one sweep and exits 1 unless R == T and every row's backend says the executor ran
 * the SIMD KL pass (it got --add-modules=jdk.incubator.vector). Usage: java -cp duckdb_jdbc.jar
 * .ci/CountOk.java RESULTS SWEEP
 */
public class CountOk {
    public static void main(String[] args) throws Exception {
        String scan = "read_parquet('" + args[0] + "/trials/sweep=" + args[1] + "/*.parquet')";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*), count(DISTINCT trial_id), count(*) FILTER (WHERE backend LIKE '% simd-kl %') FROM "
                                + scan + " WHERE status = 'OK'")) {
            rs.next();
            System.out.printf("%s: OK rows %d, trials %d, rows with simd-kl backend %d%n", args[1], rs.getLong(1),
                    rs.getLong(2), rs.getLong(3));
            System.exit(rs.getLong(1) == rs.getLong(2) && rs.getLong(1) == rs.getLong(3) && rs.getLong(1) > 0 ? 0 : 1);
        }
    }
}
