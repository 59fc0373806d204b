package dev.myelin.model;

import dev.myelin.charts.LearningCurves;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link Model#fit} returns: per-epoch metrics, keyed as Keras keys them, and seconds per epoch. */
public final class History {
    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final List<Double> epochSeconds = new ArrayList<>();

    void record(Map<String, Double> logs, double seconds) {
        logs.forEach((k, v) -> history.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        epochSeconds.add(seconds);
    }

    /** {@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy} (those measured), one value per epoch. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        history.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** Seconds each epoch took, in order. */
    public List<Double> epochSeconds() { return Collections.unmodifiableList(epochSeconds); }

    /** How many epochs were recorded. */
    public int epochs() { return epochSeconds.size(); }

    /**
     * Writes the learning curves as a PNG: the loss and a metric (accuracy where measured), training
     * and validation, per epoch; what Keras users draw with matplotlib from {@code history.history}.
     */
    public void plot(Path png) throws IOException {
        LearningCurves.write(history(), png);
    }
}
