package io.vdsweep.jobs.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks every file of a results path the way a reader would meet it, and with {@code fix} repairs what it finds:
 * unreadable Parquet files (truncated, overwritten, empty) are moved to {@code _quarantine/} (the trials they held
 * run again on the next {@code vdsweep run}), a killed compaction is completed or undone, epoch files of attempts
 * that never committed and a killed run's staging are removed. Each sweep is repaired holding its run lock, so a running sweep is never touched.
 */
public final class ResultsDoctor {

    private static final List<String> TABLES = List.of("trials", "epochs", "summary");

    /** One problem: the file or folder and what is wrong; {@code fixed} once repaired. */
    public record Finding(String path, String problem, boolean fixed) {
    }

    private final FileSystem fs;
    private final Path root;

    public ResultsDoctor(FileSystem fs, String results) {
        this.fs = fs;
        this.root = new Path(results);
    }

    /** Examines (and with {@code fix}, repairs) every sweep under the results path. */
    public List<Finding> examine(boolean fix, PrintWriter out) {
        try {
            if (!fs.exists(root)) {
                throw new IllegalArgumentException("results: " + root + " does not exist");
            }
            List<Finding> findings = new ArrayList<>();
            for (String sweep : sweeps()) {
                if (!fix) {
                    findings.addAll(sweepFindings(sweep, false));
                    continue;
                }
                try (ResultsLock lock = ResultsLock.acquire(fs, root, sweep, false, out)) {
                    findings.addAll(sweepFindings(sweep, true));
                } catch (ResultsException held) {
                    findings.add(new Finding(root + " sweep " + sweep, "not repaired: " + held.getMessage(), false));
                }
            }
            return findings;
        } catch (IOException e) {
            throw new ResultsException("results: cannot examine " + root + ": " + ResultsException.rootProblem(e), e);
        }
    }

    private Set<String> sweeps() throws IOException {
        Set<String> sweeps = new java.util.TreeSet<>();
        for (String table : TABLES) {
            Path folder = new Path(root, table);
            if (fs.exists(folder)) {
                for (FileStatus s : fs.listStatus(folder)) {
                    if (s.isDirectory() && s.getPath().getName().startsWith("sweep=")) {
                        sweeps.add(s.getPath().getName().substring("sweep=".length()));
                    }
                }
            }
        }
        Path staging = new Path(root, "_staging");
        if (fs.exists(staging)) {
            for (FileStatus s : fs.listStatus(staging)) {
                if (s.getPath().getName().startsWith("sweep=")) {
                    sweeps.add(s.getPath().getName().substring("sweep=".length()));
                }
            }
        }
        return sweeps;
    }

    private List<Finding> sweepFindings(String sweep, boolean fix) throws IOException {
        List<Finding> findings = new ArrayList<>();
        Path journal = CompactionJournal.location(root, sweep);
        if (fs.exists(journal)) {
            String done = fix ? CompactionJournal.finish(fs, root, sweep) : null;
            findings.add(new Finding(journal.toString(), "compaction interrupted by a killed run"
                    + (done != null ? "; " + done : ""), done != null));
        }
        Set<String> committed = new HashSet<>();
        for (String table : TABLES) {
            Path partition = ResultsLayout.partition(root, table, sweep);
            if (!fs.exists(partition)) {
                continue;
            }
            for (FileStatus f : fs.listStatus(partition)) {
                String name = f.getPath().getName();
                if (!name.endsWith(".parquet")) {
                    continue;
                }
                String problem = ParquetFiles.problem(fs, f);
                if (problem == null) {
                    if (table.equals("trials")) {
                        committed.add(name);
                    }
                    continue;
                }
                boolean fixed = fix && quarantine(f.getPath(), table, sweep);
                findings.add(new Finding(f.getPath().toString(), "not a readable Parquet file (" + problem + ")"
                        + (fixed ? "; moved to " + quarantined(table, sweep, name) : ""), fixed));
            }
        }
        Path epochs = ResultsLayout.partition(root, "epochs", sweep);
        if (fs.exists(epochs)) {
            for (FileStatus f : fs.listStatus(epochs)) {
                String name = f.getPath().getName();
                if (name.endsWith(".parquet") && fs.exists(f.getPath()) && !committed.contains(name)) {
                    boolean fixed = fix && fs.delete(f.getPath(), false);
                    findings.add(new Finding(f.getPath().toString(), "epochs of an attempt whose trials row never "
                            + "landed" + (fixed ? "; removed" : ""), fixed));
                }
            }
        }
        Path staging = ResultsLayout.staging(root, sweep);
        if (fs.exists(staging)) {
            boolean fixed = fix && fs.delete(staging, true);
            findings.add(new Finding(staging.toString(), "staging left by a run that was killed"
                    + (fixed ? "; removed" : ""), fixed));
        }
        return findings;
    }

    private Path quarantined(String table, String sweep, String name) {
        return new Path(new Path(new Path(new Path(root, "_quarantine"), table), "sweep=" + sweep), name);
    }

    private boolean quarantine(Path file, String table, String sweep) throws IOException {
        Path target = quarantined(table, sweep, file.getName());
        fs.mkdirs(target.getParent());
        return fs.rename(file, target);
    }
}
