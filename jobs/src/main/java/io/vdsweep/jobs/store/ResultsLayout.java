package io.vdsweep.jobs.store;

import org.apache.hadoop.fs.Path;

/**
 * Where a sweep's files live under a results path: {@code TABLE/sweep=NAME/} for the tables (a partition folder,
 * so Spark, DuckDB and pyarrow read the sweep as a column), {@code _staging/sweep=NAME/} for writes on their way in,
 * and {@code _sweeps/NAME/} for the resolved sweep, the run lock and the compaction journal.
 */
final class ResultsLayout {

    private ResultsLayout() {
    }

    static Path partition(Path root, String table, String sweep) {
        return new Path(new Path(root, table), "sweep=" + sweep);
    }

    static Path staging(Path root, String sweep) {
        return new Path(new Path(root, "_staging"), "sweep=" + sweep);
    }

    static Path sweepFolder(Path root, String sweep) {
        return new Path(new Path(root, "_sweeps"), sweep);
    }
}
