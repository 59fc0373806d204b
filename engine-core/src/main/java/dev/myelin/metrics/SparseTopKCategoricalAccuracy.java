package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

import java.util.Map;

/** Keras's {@code SparseTopKCategoricalAccuracy}: how often the labelled class index is among the {@code k} largest outputs (k = 5). */
public final class SparseTopKCategoricalAccuracy extends MeanMetric {
    private final int k;

    /** Keras's default {@code k = 5}. */
    public SparseTopKCategoricalAccuracy() {
        this(5);
    }

    /** Counts a sample right when its class is among the {@code k} largest outputs. */
    public SparseTopKCategoricalAccuracy(int k) {
        super("sparse_top_k_categorical_accuracy");
        if (k < 1) throw new IllegalArgumentException("sparse_top_k_categorical_accuracy: k must be at least 1, got " + k);
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
        Tensor labels = Predictions.classIndices(name(), yTrue, yPred);
        return Predictions.perSample(Predictions.inTopK(Predictions.rows(yPred), labels, k), yPred);
    }
}
