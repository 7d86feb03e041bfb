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
            try {
                ModelSerializer.writeModel(net, tmp.toFile(), true);
                ModelSerializer.addObjectToFile(tmp.toFile(), PROGRESS_KEY, new ArrayList<>(List.of(progress)));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException("checkpoint: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The checkpoint at {@code file}, or null when there is none. A new attempt calls this first, so it also
     * removes what a writer killed mid-save left ({@code <file><random>.tmp}); a checkpoint that cannot be read
     * (a disk fault) is removed too and the trial starts over, rather than failing every attempt on it.
     */
    public static Restored load(Path file) {
        removeUnfinishedSaves(file);
        File f = file.toFile();
        if (!f.isFile()) {
            return null;
        }
        try {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(f, true);
            List<?> stored = ModelSerializer.getObjectFromFile(f, PROGRESS_KEY);
            return new Restored(net, (Progress) stored.get(0));
        } catch (IOException | RuntimeException e) {
            System.err.println("checkpoint: " + file + " cannot be read (" + e.getMessage() + "); starting over");
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the next save replaces it
            }
            return null;
        }
    }

    private static void removeUnfinishedSaves(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return;
        }
        String prefix = file.getFileName().toString();
        try (var leftovers = Files.newDirectoryStream(folder, p -> p.getFileName().toString().startsWith(prefix)
                && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // harmless: a leftover only takes disk space
        }
    }
}
