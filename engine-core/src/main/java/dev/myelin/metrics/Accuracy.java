package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Accuracy} class: how often the predictions equal the labels exactly, value by value.
 * (The string {@code "accuracy"} in compile means the binary, categorical or sparse form that fits
 * the loss, as in Keras: see {@link Metrics#get(String, dev.myelin.losses.Loss, dev.myelin.tensor.Shape,
 * dev.myelin.tensor.Shape)}.)
 */
public final class Accuracy extends MeanMetric {
    /** Logged as {@code accuracy}. */
    public Accuracy() {
        super("accuracy");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return MetricMath.equal(Predictions.sameShape(name(), yTrue, yPred), yPred);
    }
}
