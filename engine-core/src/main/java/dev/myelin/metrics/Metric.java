package dev.myelin.metrics;

import dev.myelin.backend.Backend;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A metric accumulated over an epoch, as Keras's {@code keras.metrics.Metric}: {@link #update} adds a
 * batch (with optional per-sample weights) to accumulators that stay on the device, so a training
 * step makes no host read; {@link #result()} reads them once, at the end of the epoch; {@link #reset()}
 * starts over. Precision over an epoch is therefore the epoch's precision, not a mean of per-batch
 * precisions. {@link #name()} is the key in the logs and {@code History} ({@code mae},
 * {@code precision}, {@code val_auc}).
 */
public abstract class Metric implements AutoCloseable {
    private String name;
    private Tensor[] state;

    /** A metric logged as {@code name}. */
    protected Metric(String name) {
        this.name = name;
    }

    /** The name in the logs: Keras's default for the class, or the string it was asked for by. */
    public String name() { return name; }

    /** Logs this metric as {@code name} (Keras's {@code name=} argument). */
    public Metric named(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a metric needs a name");
        this.name = name;
        return this;
    }

    /**
     * The settings that rebuild this metric, as Keras's {@code get_config}: its name and its constructor's
     * arguments under Keras's keys. A saved model records them; {@link Metrics#get(String, Map)} reads them.
     */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        return c;
    }

    /** Adds a batch: {@code yTrue} as the dataset holds labels, {@code yPred} the model's outputs. */
    public final void update(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /** Adds a batch, each sample weighted by {@code sampleWeight} {@code (N)} (null: all 1). Makes no host read. */
    public final void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor p = yPred.detach(); // metrics are not differentiated
        if (state == null) {
            Shape[] shapes = stateShapes(yTrue, p);
            Backend be = p.backend();
            state = new Tensor[shapes.length];
            for (int i = 0; i < shapes.length; i++) state[i] = Scope.escape(be.zeros(shapes[i]));
        }
        try (Scope scope = Scope.open()) {
            accumulate(state, yTrue, p, sampleWeight);
        }
    }

    /** The value over every batch since the last reset: a host read. 0 before any update, as Keras's. */
    public final double result() {
        if (state == null) return 0;
        float[][] values = new float[state.length][];
        for (int i = 0; i < state.length; i++) values[i] = state[i].toArray();
        return result(values);
    }

    /** Forgets every batch (Keras's {@code reset_state}). */
    public void reset() {
        if (state != null) for (Tensor t : state) t.close();
        state = null;
    }

    /** Frees the accumulators and anything else the metric keeps on the device (a later update starts afresh). */
    @Override
    public void close() {
        reset();
    }

    /** The shapes of the accumulators, decided by the first batch. */
    protected abstract Shape[] stateShapes(Tensor yTrue, Tensor yPred);

    /** Adds one batch into {@code state} in place, with the backend's ops (temporaries die with the call's scope). */
    protected abstract void accumulate(Tensor[] state, Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    /** The metric from the accumulators' values, in the order of {@link #stateShapes}. */
    protected abstract double result(float[][] state);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ")";
    }
}
