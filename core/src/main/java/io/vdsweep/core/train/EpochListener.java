package io.vdsweep.core.train;

/** Receives each epoch's metrics as soon as the epoch ends (the jobs module writes them to Parquet). */
@FunctionalInterface
public interface EpochListener {

    void onEpoch(EpochMetrics metrics);

    EpochListener NONE = m -> { };
}
