package dev.myelin.metrics;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * A metric that is the (weighted) mean of a per-sample value over the epoch, as Keras's
 * {@code MeanMetricWrapper}: {@code total += sum(value * w); count += sum(w)}, values of samples with
 * several outputs first averaged per sample.
 */
public abstract class MeanMetric extends Metric {

    /** A mean metric logged as {@code name}. */
    protected MeanMetric(String name) {
        super(name);
    }

    /** The per-sample values {@code (N)} (or {@code (N, ...)}, averaged per sample) of one batch. */
    protected abstract Tensor values(Tensor yTrue, Tensor yPred);

    @Override
    protected Shape[] stateShapes(Tensor yTrue, Tensor yPred) {
        return new Shape[] {Shape.SCALAR, Shape.SCALAR};
    }

    @Override
    protected void accumulate(Tensor[] state, Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor v = MetricMath.rows(values(yTrue, yPred));
        int n = v.dim(0), width = v.dim(1);
        if (width > 1) v = v.backend().scalar(ScalarOp.MUL, v.backend().sumLastAxis(v), 1f / width);
        else v = v.view(Shape.of(n));
        if (sampleWeight == null) {
            MetricMath.add(state[0], MetricMath.sum(v));
            MetricMath.add(state[1], v.backend().full(Shape.SCALAR, n));
        } else {
            Tensor w = MetricMath.weights(name(), sampleWeight, n);
            MetricMath.add(state[0], MetricMath.sum(MetricMath.mul(v, w)));
            MetricMath.add(state[1], MetricMath.sum(w));
        }
    }

    @Override
    protected double result(float[][] state) {
        return state[1][0] == 0 ? 0 : mean(state[0][0] / (double) state[1][0]);
    }

    /** The logged value from the weighted mean; the mean itself unless overridden (RMSE takes its root). */
    protected double mean(double mean) {
        return mean;
    }
}
