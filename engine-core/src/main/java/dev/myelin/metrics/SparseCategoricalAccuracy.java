package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

/** Keras's {@code SparseCategoricalAccuracy}: how often the largest output is the labelled class index. */
public final class SparseCategoricalAccuracy extends MeanMetric {
    /** Logged as {@code sparse_categorical_accuracy}. */
    public SparseCategoricalAccuracy() {
        super("sparse_categorical_accuracy");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor labels = Predictions.classIndices(name(), yTrue, yPred);
        Tensor right = MetricMath.equal(yPred.backend().argmaxLastAxis(Predictions.rows(yPred)), labels);
        return Predictions.perSample(right, yPred);
    }
}
