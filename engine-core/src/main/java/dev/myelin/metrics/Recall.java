package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Recall} over the epoch: {@code tp / (tp + fn)} with a value predicted positive when
 * above the threshold (0.5), every output value one decision; optionally one class column
 * ({@code classId}). 0 when no label was positive.
 */
public final class Recall extends ThresholdedRatio {

    /** Threshold 0.5, every output. */
    public Recall() {
        this(0.5, null);
    }

    /** Values above {@code threshold} are positive; {@code classId} (or null) restricts to one output column. */
    public Recall(double threshold, Integer classId) {
        super("recall", threshold, classId);
    }

    @Override
    Tensor otherCount(ConfusionCounts counts, Tensor predicted) {
        return counts.falseNegatives(predicted);
    }
}
