package dev.myelin.metrics;

import dev.myelin.backend.Backend;
import dev.myelin.backend.UnaryOp;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * A batch flattened for the thresholded metrics (Keras's {@code update_confusion_matrix_variables}):
 * every output value is one decision, its label cast to true when nonzero, its weight the sample's.
 * Optionally restricted to one class column ({@code classId}).
 */
record ConfusionCounts(Tensor predictions, Tensor positives, Tensor weights) {

    /** Flattens {@code yPred} {@code (N, ...)} and its labels; {@code classId} keeps only that last-axis column (null: all). */
    static ConfusionCounts of(String metric, Tensor yTrue, Tensor yPred, Tensor sampleWeight, Integer classId) {
        Tensor y = Predictions.sameShape(metric, yTrue, yPred);
        Backend be = yPred.backend();
        int n = yPred.rank() == 0 ? 1 : yPred.dim(0), width = (int) (yPred.size() / n);
        Tensor w = sampleWeight == null ? be.full(Shape.of(n, width), 1f)
                : MetricMath.perValue(MetricMath.weights(metric, sampleWeight, n), width);
        if (classId != null) {
            int classes = yPred.dim(-1);
            if (classId < 0 || classId >= classes) {
                throw new IllegalArgumentException(metric + ": class_id " + classId + " outside the " + classes + " outputs");
            }
            int rows = (int) (yPred.size() / classes);
            Tensor column = be.oneHot(be.full(Shape.of(rows), classId), classes); // weight 0 for the other columns
            w = MetricMath.mul(w.view(Shape.of(rows, classes)), column);
        }
        Shape flat = Shape.of((int) yPred.size());
        Tensor truth = be.unary(UnaryOp.SIGN, be.unary(UnaryOp.ABS, y)); // Keras casts labels to bool
        return new ConfusionCounts(yPred.view(flat), truth.view(flat), w.view(flat));
    }

    /** Weighted count of {@code predicted} (0/1 per value) decisions whose label is true: {@code tp}. */
    Tensor truePositives(Tensor predicted) {
        return MetricMath.sum(MetricMath.mul(MetricMath.mul(predicted, positives), weights));
    }

    /** Weighted count of {@code predicted} decisions whose label is false: {@code fp}. */
    Tensor falsePositives(Tensor predicted) {
        return MetricMath.sum(MetricMath.mul(MetricMath.mul(predicted, MetricMath.oneMinus(positives)), weights));
    }

    /** Weighted count of true labels not {@code predicted}: {@code fn}. */
    Tensor falseNegatives(Tensor predicted) {
        return MetricMath.sum(MetricMath.mul(MetricMath.mul(MetricMath.oneMinus(predicted), positives), weights));
    }
}
