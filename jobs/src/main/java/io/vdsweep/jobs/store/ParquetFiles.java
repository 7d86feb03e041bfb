package io.vdsweep.jobs.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** A folder's results files, and whether one is whole: its Parquet footer reads (a truncated file's does not). */
final class ParquetFiles {

    private ParquetFiles() {
    }

    /** The {@code .parquet} files directly in {@code dir}; none when it does not exist. */
    static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return List.of();
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus f : fs.listStatus(dir)) {
            if (f.getPath().getName().endsWith(".parquet")) {
                files.add(f);
            }
        }
        return files;
    }

    /**
     * Whether a summary was written after every trials file landed: else a run committed trials and died before
     * its summary, which must then be recomputed.
     */
    static boolean summaryCurrent(List<FileStatus> summary, List<FileStatus> trials) {
        long written = summary.stream().mapToLong(FileStatus::getModificationTime).min().orElse(0);
        return !summary.isEmpty() && trials.stream().allMatch(f -> f.getModificationTime() <= written);
    }

    /** Null when {@code file}'s footer reads, else what is wrong in one line. */
    static String problem(FileSystem fs, FileStatus file) {
        if (file.getLen() == 0) {
            return "empty file";
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, fs.getConf()))) {
            reader.getFooter();
            return null;
        } catch (IOException | RuntimeException e) {
            return ResultsException.rootProblem(e);
        }
    }
}
