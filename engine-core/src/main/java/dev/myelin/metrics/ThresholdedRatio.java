package dev.myelin.metrics;

import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Map;

/**
 * What Precision and Recall share: over the epoch, {@code tp / (tp + other)}, where a value counts as
 * predicted positive when above the threshold, optionally within one class column; 0 when
 * {@code tp + other} is 0. The subclass says which count {@code other} is.
 */
abstract class ThresholdedRatio extends Metric {
    private final float threshold;
    private final Integer classId;

    ThresholdedRatio(String name, double threshold, Integer classId) {
        super(name);
        this.threshold = Thresholds.check(name, threshold);
        this.classId = classId;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("thresholds", (double) threshold);
        c.put("class_id", classId);
        return c;
    }

    /** The count beside the true positives in the denominator: false positives or false negatives. */
    abstract Tensor otherCount(ConfusionCounts counts, Tensor predicted);

    @Override
    protected Shape[] stateShapes(Tensor yTrue, Tensor yPred) {
        return new Shape[] {Shape.SCALAR, Shape.SCALAR};
    }

    @Override
    protected void accumulate(Tensor[] state, Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ConfusionCounts c = ConfusionCounts.of(name(), yTrue, yPred, sampleWeight, classId);
        Tensor predicted = MetricMath.above(c.predictions(), threshold);
        MetricMath.add(state[0], c.truePositives(predicted));
        MetricMath.add(state[1], otherCount(c, predicted));
    }

    @Override
    protected double result(float[][] state) {
        double tp = state[0][0], other = state[1][0];
        return tp + other == 0 ? 0 : tp / (tp + other);
    }
}
