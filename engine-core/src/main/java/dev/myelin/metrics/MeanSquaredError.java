package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

/** Keras's {@code MeanSquaredError} metric: the mean over the epoch of {@code (yPred - yTrue)^2}. */
public final class MeanSquaredError extends MeanMetric {
    /** Logged as {@code mean_squared_error}. */
    public MeanSquaredError() {
        super("mean_squared_error");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return new dev.myelin.losses.MeanSquaredError().perSample(yTrue, yPred);
    }
}
