package io.vdsweep.jobs.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The record of a compaction in flight ({@link ResultStore#compact}): the file that replaces a sweep's files and the
 * names it replaces, written to {@code _sweeps/NAME/compaction.json} before any file moves and removed when the
 * compaction is complete. A journal found later belongs to a killed compaction, which {@link #finish} completes or
 * forgets.
 *
 * @param compacted the new file's name (the same in trials and epochs)
 * @param replaces  the names of the trials and epochs files it replaces
 */
record CompactionJournal(String compacted, List<String> replaces) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path location(Path root, String sweep) {
        return new Path(ResultsLayout.sweepFolder(root, sweep), "compaction.json");
    }

    void write(FileSystem fs, Path root, String sweep) throws IOException {
        try (OutputStream out = fs.create(location(root, sweep), true)) {
            out.write(JSON.writeValueAsBytes(this));
        }
    }

    /**
     * Completes a killed compaction whose trials file landed (removes the files it replaces) or forgets one whose
     * did not (its new epochs file, if any, has no trials file and goes as any uncommitted epochs file does). Returns
     * what it did, or null when no compaction was in flight.
     */
    static String finish(FileSystem fs, Path root, String sweep) throws IOException {
        Path location = location(root, sweep);
        if (!fs.exists(location)) {
            return null;
        }
        CompactionJournal journal;
        try (InputStream in = fs.open(location)) {
            journal = JSON.readValue(in, CompactionJournal.class);
        } catch (JacksonException e) {
            journal = null;     // cut short while being written: no file had moved yet
        }
        Path trials = ResultsLayout.partition(root, "trials", sweep);
        Path epochs = ResultsLayout.partition(root, "epochs", sweep);
        String done = "undone (its trials file had not landed)";
        if (journal != null && fs.exists(new Path(trials, journal.compacted()))) {
            for (String old : journal.replaces()) {
                fs.delete(new Path(trials, old), false);
                fs.delete(new Path(epochs, old), false);
            }
            done = "completed (" + journal.replaces().size() + " replaced files removed)";
        }
        fs.delete(location, false);
        return done;
    }
}
