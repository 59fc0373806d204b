package dev.myelin.model;

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

    public List<Double> epochSeconds() { return Collections.unmodifiableList(epochSeconds); }

    public int epochs() { return epochSeconds.size(); }
}
