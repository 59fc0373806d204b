package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

import java.util.Map;

/** Keras's {@code TopKCategoricalAccuracy}: how often the one-hot label's class is among the {@code k} largest outputs (k = 5). */
public final class TopKCategoricalAccuracy extends MeanMetric {
    private final int k;

    /** Keras's default {@code k = 5}. */
    public TopKCategoricalAccuracy() {
        this(5);
    }

    /** Counts a sample right when its class is among the {@code k} largest outputs. */
    public TopKCategoricalAccuracy(int k) {
        super("top_k_categorical_accuracy");
        if (k < 1) throw new IllegalArgumentException("top_k_categorical_accuracy: k must be at least 1, got " + k);
        this.k = k;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("k", k);
        return c;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor y = Predictions.sameShape(name(), yTrue, yPred);
        Tensor labels = yPred.backend().argmaxLastAxis(Predictions.rows(y));
        return Predictions.perSample(Predictions.inTopK(Predictions.rows(yPred), labels, k), yPred);
    }
}
