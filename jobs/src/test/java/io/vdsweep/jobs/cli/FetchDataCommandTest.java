package io.vdsweep.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.data.ImageSet;
import io.vdsweep.core.data.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchDataCommandTest {

    @TempDir
    Path dir;

    @Test
    void unknownDatasetIsOneLineAndExitCodeTwo() {
        CliRun run = CliRun.of("fetch-data", "mnits", "--dir", dir.toString());
        assertEquals(VdSweep.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("vdsweep: unknown dataset 'mnits', expected one of mnist, fashion-mnist, cifar10, imdb, "
                + "ptb-char\n", run.err());
    }

    @Test
    void userFolderWithWrongFilesNamesTheFile() throws IOException {
        ImageSet tiny = new ImageSet(new byte[2 * 28 * 28], new int[] {1, 2}, 1, 28, 28, 10);
        IdxWriter.write(tiny, dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"));
        CliRun run = CliRun.of("fetch-data", "mnist", "--data-dir", dir.toString());
        assertEquals(VdSweep.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("vdsweep: " + dir.resolve("train-images-idx3-ubyte")
                + ": MD5 mismatch: expected 6bbc9ace898e44ae57da46a324031adb, found "), run.err());
        assertEquals(1, run.err().lines().count());
    }

    @Test
    void missingFolderNamesTheMissingFile() {
        Path nowhere = dir.resolve("none");
        CliRun run = CliRun.of("fetch-data", "cifar10", "--data-dir", nowhere.toString());
        assertEquals(VdSweep.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("vdsweep: " + nowhere.resolve("data_batch_1.bin") + ": file not found\n", run.err());
    }

    @Test
    void fetchesAndDescribesMnist() throws IOException {
        CliRun run = CliRun.of("fetch-data", "mnist", "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("train-images-idx3-ubyte    MD5 6bbc9ace898e44ae57da46a324031adb OK"), run.out());
        assertTrue(run.out().contains("train: 60000 images 1x28x28, 10 classes"), run.out());
        assertTrue(Files.isRegularFile(dir.resolve("mnist/t10k-labels-idx1-ubyte")));
    }
}
