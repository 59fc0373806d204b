package dev.myelin.metrics;

import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Precision} over the epoch: {@code tp / (tp + fp)} with a value predicted positive when
 * above the threshold (0.5), every output value one decision; optionally one class column
 * ({@code classId}). 0 when nothing was predicted positive.
 */
public final class Precision extends Metric {
    private final float threshold;
    private final Integer classId;

    /** Threshold 0.5, every output. */
    public Precision() {
        this(0.5, null);
    }

    /** Values above {@code threshold} are positive; {@code classId} (or null) restricts to one output column. */
    public Precision(double threshold, Integer classId) {
        super("precision");
        this.threshold = Thresholds.check("precision", threshold);
        this.classId = classId;
    }

    @Override
    protected Shape[] stateShapes(Tensor yTrue, Tensor yPred) {
        return new Shape[] {Shape.SCALAR, Shape.SCALAR};
    }

    @Override
    protected void accumulate(Tensor[] state, Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ConfusionCounts c = ConfusionCounts.of(name(), yTrue, yPred, sampleWeight, classId);
        Tensor predicted = MetricMath.above(c.predictions(), threshold);
        MetricMath.add(state[0], c.truePositives(predicted));
        MetricMath.add(state[1], c.falsePositives(predicted));
    }

    @Override
    protected double result(float[][] state) {
        double tp = state[0][0], fp = state[1][0];
        return tp + fp == 0 ? 0 : tp / (tp + fp);
    }
}
