package io.vdsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed writer or a disk fault leaves never stops a trial: it starts over instead. */
class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void aSaveCutShortAndAnUnreadableCheckpointAreRemovedAndTheTrialStartsOver() throws Exception {
        Path file = dir.resolve("trial.zip");
        Path unfinished = Files.writeString(dir.resolve("trial.zip8812345.tmp"), "half a zip");
        Path otherTrials = Files.writeString(dir.resolve("other.zip77.tmp"), "another trial's save in progress");
        Files.writeString(file, "not a zip");
        assertNull(Checkpoint.load(file));
        assertFalse(Files.exists(unfinished));
        assertFalse(Files.exists(file));
        assertTrue(Files.exists(otherTrials));
    }
}
