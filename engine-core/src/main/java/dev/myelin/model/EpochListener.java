package dev.myelin.model;

import java.util.Map;

/** Called after each epoch of {@link Model#fit}, e.g. by a command line that records history as it goes. */
@FunctionalInterface
public interface EpochListener {

    /**
     * @param epoch   1-based epoch number
     * @param epochs  epochs in the run
     * @param logs    this epoch's metrics: {@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy} as present
     * @param seconds wall-clock seconds the epoch took (validation included)
     */
    void onEpochEnd(int epoch, int epochs, Map<String, Double> logs, double seconds);
}
