package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

/** Keras's {@code MeanAbsoluteError} metric: the mean over the epoch of {@code |yPred - yTrue|}. */
public final class MeanAbsoluteError extends MeanMetric {
    /** Logged as {@code mean_absolute_error}. */
    public MeanAbsoluteError() {
        super("mean_absolute_error");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return new dev.myelin.losses.MeanAbsoluteError().perSample(yTrue, yPred);
    }
}
