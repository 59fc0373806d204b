package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A device-side copy of a model's weights, taken when training was last seen healthy: when it then
 * diverges, the weights go back to it, so the steps since can be replayed to find where it broke,
 * and the model is left with finite weights. Taking one costs a copy of each weight on the device,
 * no host read.
 */
final class WeightSnapshot implements AutoCloseable {
    private final Backend backend;
    private final List<Tensor> weights;
    private final List<Tensor> copies = new ArrayList<>();
    private int batch = -1;

    WeightSnapshot(Backend backend, List<Tensor> weights) {
        this.backend = backend;
        this.weights = weights;
    }

    /** Copies the weights as they are before batch {@code batch} (from 0) of the epoch. */
    void take(int batch) {
        if (copies.isEmpty()) {
            for (Tensor w : weights) copies.add(Scope.escape(backend.copy(w)));
        } else {
            for (int i = 0; i < weights.size(); i++) backend.copyInto(weights.get(i), copies.get(i));
        }
        this.batch = batch;
    }

    /** The batch (from 0) before which the snapshot was taken; -1 before the first. */
    int batch() {
        return batch;
    }

    /** Puts the snapshot's values back into the weights. */
    void restore() {
        for (int i = 0; i < copies.size(); i++) backend.copyInto(copies.get(i), weights.get(i));
    }

    @Override
    public void close() {
        for (Tensor c : copies) c.close();
        copies.clear();
    }
}
