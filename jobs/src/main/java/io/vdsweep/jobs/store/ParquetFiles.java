package io.vdsweep.jobs.store;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Whether a results file is whole: its Parquet footer reads (a truncated or overwritten file's does not). */
final class ParquetFiles {

    private ParquetFiles() {
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
