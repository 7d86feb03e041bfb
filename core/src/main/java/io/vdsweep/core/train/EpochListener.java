package io.vdsweep.core.train;

/** Receives each epoch's metrics as soon as the epoch ends ({@code vdsweep train} prints them). */
@FunctionalInterface
public interface EpochListener {

    void onEpoch(EpochMetrics metrics);

    EpochListener NONE = m -> { };
}
