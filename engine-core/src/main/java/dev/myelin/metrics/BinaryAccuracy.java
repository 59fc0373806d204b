package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

import java.util.Map;

/** Keras's {@code BinaryAccuracy}: how often {@code yPred > threshold} equals the 0/1 label; threshold 0.5 (0 for logits). */
public final class BinaryAccuracy extends MeanMetric {
    private final float threshold;

    /** Threshold 0.5, for probabilities. */
    public BinaryAccuracy() {
        this(0.5);
    }

    /** A prediction is 1 when above {@code threshold}. */
    public BinaryAccuracy(double threshold) {
        super("binary_accuracy");
        this.threshold = (float) threshold;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("threshold", (double) threshold);
        return c;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor y = Predictions.sameShape(name(), yTrue, yPred);
        return MetricMath.equal(MetricMath.above(yPred, threshold), y);
    }
}
