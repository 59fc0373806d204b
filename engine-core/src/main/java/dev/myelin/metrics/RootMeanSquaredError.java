package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

/** Keras's {@code RootMeanSquaredError}: the root of the mean over the epoch of {@code (yPred - yTrue)^2}. */
public final class RootMeanSquaredError extends MeanMetric {
    /** Logged as {@code root_mean_squared_error}. */
    public RootMeanSquaredError() {
        super("root_mean_squared_error");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return new dev.myelin.losses.MeanSquaredError().perSample(yTrue, yPred);
    }

    @Override
    protected double mean(double mean) {
        return Math.sqrt(mean);
    }
}
