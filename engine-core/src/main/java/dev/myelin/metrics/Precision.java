package dev.myelin.metrics;

import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Precision} over the epoch: {@code tp / (tp + fp)} with a value predicted positive when
 * above the threshold (0.5), every output value one decision; optionally one class column
 * ({@code classId}). 0 when nothing was predicted positive.
 */
public final class Precision extends ThresholdedRatio {

    /** Threshold 0.5, every output. */
    public Precision() {
        this(0.5, null);
    }

    /** Values above {@code threshold} are positive; {@code classId} (or null) restricts to one output column. */
    public Precision(double threshold, Integer classId) {
        super("precision", threshold, classId);
    }

    @Override
    Tensor otherCount(ConfusionCounts counts, Tensor predicted) {
        return counts.falsePositives(predicted);
    }
}
