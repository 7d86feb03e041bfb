package io.vdsweep.jobs.store;

import io.vdsweep.sweeps.schema.ResultRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Answers from the results files alone, without starting Spark, whether a run of a sweep would do nothing: every
 * trial already has an OK row, the summary is current, the resolved sweep is the same, and nothing is left for
 * {@link ResultStore#recover} (no lock, compaction journal, staging folder, empty file or orphaned epochs file)
 * or for compaction. Any doubt — a file it cannot read, a column it does not find — answers "not finished", and
 * the run takes the Spark path, which settles it. A no-op resume then costs the JVM's start-up and a read of two
 * columns, not Spark's.
 */
public final class FinishedSweep {

    private FinishedSweep() {
    }

    /**
     * This sweep's summary rows ({@code summaryColumns} of each group) when a run would do nothing, else empty.
     *
     * @param conf         the Hadoop configuration to open {@code resultsPath} with
     * @param trialIds     the ids of every trial the sweep expands to, asked for only once the files are in order
     * @param resolvedJson the sweep as {@code _sweeps/NAME/resolved.json} must hold it
     */
    public static Optional<List<Map<String, Object>>> summary(Configuration conf, String resultsPath, String sweep,
            Supplier<? extends Collection<String>> trialIds, String resolvedJson, List<String> summaryColumns) {
        try {
            Path root = new Path(resultsPath);
            FileSystem fs = root.getFileSystem(conf);
            if (fs.exists(ResultsLock.location(root, sweep)) || fs.exists(CompactionJournal.location(root, sweep))
                    || fs.exists(ResultsLayout.staging(root, sweep)) || !sameResolvedSweep(fs, root, sweep,
                    resolvedJson)) {
                return Optional.empty();
            }
            List<FileStatus> trials = ParquetFiles.list(fs, ResultsLayout.partition(root, "trials", sweep));
            List<FileStatus> summary = ParquetFiles.list(fs, ResultsLayout.partition(root, "summary", sweep));
            if (trials.isEmpty() || trials.size() > ResultStore.COMPACT_ABOVE_FILES
                    || !ParquetFiles.summaryCurrent(summary, trials) || !everyEpochsFileCommitted(fs, root, sweep,
                    trials) || trials.stream().anyMatch(f -> f.getLen() == 0)) {
                return Optional.empty();
            }
            Set<String> ended = new HashSet<>();      // OK, or STOPPED by a search: a run would not train them
            for (Map<String, Object> row : ParquetRowsReader.read(fs, trials, List.of("trial_id", "status"))) {
                if (ResultRows.FINAL.contains(row.get("status"))) {
                    ended.add((String) row.get("trial_id"));
                }
            }
            if (!ended.containsAll(trialIds.get())) {
                return Optional.empty();
            }
            return Optional.of(ParquetRowsReader.read(fs, summary, summaryColumns));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();        // the Spark path reads it again and says what is wrong
        }
    }

    private static boolean sameResolvedSweep(FileSystem fs, Path root, String sweep, String json) throws IOException {
        Path file = ResultStore.resolvedSweep(root, sweep);
        if (!fs.exists(file)) {
            return false;
        }
        try (FSDataInputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).equals(json);
        }
    }

    /** Whether every epochs file has its trials file (the two share a name): else recovery has work. */
    private static boolean everyEpochsFileCommitted(FileSystem fs, Path root, String sweep, List<FileStatus> trials)
            throws IOException {
        Set<String> committed = new HashSet<>();
        trials.forEach(f -> committed.add(f.getPath().getName()));
        return ParquetFiles.list(fs, ResultsLayout.partition(root, "epochs", sweep)).stream()
                .allMatch(f -> f.getLen() > 0 && committed.contains(f.getPath().getName()));
    }
}
