package io.vdsweep.jobs.run;

import io.vdsweep.core.data.Dataset;
import io.vdsweep.core.data.DatasetFetcher;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where executors find data and keep checkpoints.
 *
 * @param dataDir       the user's folder holding the dataset folders ({@code <dataDir>/mnist/...}), verified and
 *                      never written to; empty = each executor fetches into its default cache (verified, a no-op
 *                      when present)
 * @param checkpointDir per-trial checkpoints ({@code <checkpointDir>/<sweep>/<trial_id>.zip}); empty = none
 * @param modelsFolder  where pretraining runs leave their models (a Hadoop path the driver sets under the results)
 */
public record RunSettings(String dataDir, String checkpointDir, String modelsFolder) implements Serializable {

    /** Settings whose models folder the driver sets once it knows the results path. */
    public RunSettings(String dataDir, String checkpointDir) {
        this(dataDir, checkpointDir, "");
    }

    /** These settings with pretraining models kept in {@code folder}. */
    RunSettings withModelsFolder(String folder) {
        return new RunSettings(dataDir, checkpointDir, folder);
    }

    /**
     * The verified folder of {@code dataset} on this machine. A user's data dir is only read: a missing or broken
     * file there is a {@link io.vdsweep.core.data.DatasetException} naming it, never a download over it.
     */
    public Path datasetFolder(Dataset dataset) {
        if (dataDir == null || dataDir.isEmpty()) {
            return new DatasetFetcher(DatasetFetcher.defaultCacheRoot()).fetch(dataset);
        }
        Path folder = Path.of(dataDir, dataset.id());
        dataset.verify(folder);
        return folder;
    }

    /** The checkpoint file of a trial, or null when checkpoints are off. */
    public Path checkpoint(String sweep, String trialId) {
        return checkpointDir == null || checkpointDir.isEmpty() ? null
                : Path.of(checkpointDir, sweep, trialId + ".zip");
    }
}
