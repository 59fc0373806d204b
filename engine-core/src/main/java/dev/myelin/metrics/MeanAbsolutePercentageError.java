package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

/** Keras's {@code MeanAbsolutePercentageError} metric: the mean over the epoch of {@code 100 |yTrue - yPred| / max(|yTrue|, 1e-7)}. */
public final class MeanAbsolutePercentageError extends MeanMetric {
    /** Logged as {@code mean_absolute_percentage_error}. */
    public MeanAbsolutePercentageError() {
        super("mean_absolute_percentage_error");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return new dev.myelin.losses.MeanAbsolutePercentageError().perSample(yTrue, yPred);
    }
}
