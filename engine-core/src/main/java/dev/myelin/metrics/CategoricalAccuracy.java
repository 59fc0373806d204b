package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

/** Keras's {@code CategoricalAccuracy}: how often the largest output is the one-hot label's class. */
public final class CategoricalAccuracy extends MeanMetric {
    /** Logged as {@code categorical_accuracy}. */
    public CategoricalAccuracy() {
        super("categorical_accuracy");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor y = Predictions.sameShape(name(), yTrue, yPred);
        var be = yPred.backend();
        Tensor right = MetricMath.equal(be.argmaxLastAxis(Predictions.rows(yPred)), be.argmaxLastAxis(Predictions.rows(y)));
        return Predictions.perSample(right, yPred);
    }
}
