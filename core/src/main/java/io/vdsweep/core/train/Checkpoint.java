package io.vdsweep.core.train;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trial's checkpoint, written after every epoch: the network with its updater state (Adam's moments) and the
 * training progress (next epoch, metrics so far). Written to a temporary file and moved into place, so a crash
 * leaves the previous checkpoint intact.
 */
public final class Checkpoint {

    private static final String PROGRESS_KEY = "vdsweep-progress";

    /** Next epoch to run and the metrics of the epochs done. */
    public record Progress(int nextEpoch, List<EpochMetrics> epochs) implements Serializable {
        public Progress {
            epochs = List.copyOf(epochs);
        }
    }

    /** A restored network and where it stopped. */
    public record Restored(MultiLayerNetwork net, Progress progress) {
    }

    private Checkpoint() {
    }

    public static void save(Path file, MultiLayerNetwork net, Progress progress) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            ModelSerializer.addObjectToFile(tmp.toFile(), PROGRESS_KEY, new ArrayList<>(List.of(progress)));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("checkpoint: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint at {@code file}, or null when there is none. */
    public static Restored load(Path file) {
        File f = file.toFile();
        if (!f.isFile()) {
            return null;
        }
        try {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(f, true);
            List<?> stored = ModelSerializer.getObjectFromFile(f, PROGRESS_KEY);
            return new Restored(net, (Progress) stored.get(0));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("checkpoint: cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
