package dev.myelin.callbacks;

import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.SGD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A model stand-in that records what callbacks do to it: one weight, an SGD optimizer, saves as files. */
final class FakeModel implements TrainableModel {
    boolean stop;
    float[] weight = {0};
    final Optimizer optimizer = new SGD(0.1);
    final List<String> saves = new ArrayList<>();

    @Override public boolean stopTraining() { return stop; }
    @Override public void stopTraining(boolean value) { stop = value; }
    @Override public List<float[]> getWeights() { return List.of(weight.clone()); }
    @Override public void setWeights(List<float[]> weights) { weight = weights.get(0).clone(); }
    @Override public Optimizer optimizer() { return optimizer; }

    @Override
    public void save(Path path) throws java.io.IOException {
        saves.add("model " + path.getFileName());
        Files.writeString(path, "model");
    }

    @Override
    public void saveWeights(Path path) throws java.io.IOException {
        saves.add("weights " + path.getFileName());
        Files.writeString(path, "weights");
    }

    /**
     * Runs "epochs" whose logs hold {@code monitor} = values[e] and whose weight is {@code e}, the way
     * fit calls the hooks; returns the number of epochs run.
     */
    int run(Callback cb, String monitor, double... values) {
        CallbackList list = new CallbackList(List.of(cb));
        list.setModel(this);
        list.onTrainBegin(new java.util.HashMap<>());
        int e = 0;
        java.util.Map<String, Double> logs = new java.util.HashMap<>();
        for (; e < values.length && !stop; e++) {
            list.onEpochBegin(e, new java.util.HashMap<>());
            weight = new float[] {e};
            list.onTrainBatchEnd(0, new java.util.HashMap<>(java.util.Map.of("loss", values[e])));
            logs = new java.util.HashMap<>(java.util.Map.of(monitor, values[e]));
            list.onEpochEnd(e, logs);
        }
        list.onTrainEnd(logs);
        return e;
    }
}
