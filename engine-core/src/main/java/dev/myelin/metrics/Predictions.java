package dev.myelin.metrics;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Label and prediction handling the accuracy metrics share. */
final class Predictions {
    private Predictions() {}

    /** {@code yTrue} viewed in {@code yPred}'s shape, when they hold as many values. */
    static Tensor sameShape(String metric, Tensor yTrue, Tensor yPred) {
        if (yTrue.shape().equals(yPred.shape())) return yTrue;
        if (yTrue.size() != yPred.size()) {
            throw new IllegalArgumentException(metric + ": labels of shape " + yTrue.shape() + " do not match outputs of shape "
                    + yPred.shape());
        }
        return yTrue.view(yPred.shape());
    }

    /** Class indices {@code (M)}, one per row of {@code yPred} {@code (..., C)}: from {@code (...)} or {@code (..., 1)}. */
    static Tensor classIndices(String metric, Tensor yTrue, Tensor yPred) {
        int rows = (int) (yPred.size() / yPred.dim(-1));
        if (yTrue.size() != rows) {
            throw new IllegalArgumentException(metric + ": expects one class index per sample, " + yPred.shape().dropLast()
                    + " for outputs of shape " + yPred.shape() + ", but labels have shape " + yTrue.shape());
        }
        return yTrue.view(Shape.of(rows));
    }

    /** {@code yPred} as rows {@code (M, C)}. */
    static Tensor rows(Tensor yPred) {
        return yPred.view(Shape.of((int) (yPred.size() / yPred.dim(-1)), yPred.dim(-1)));
    }

    /** Per-row values {@code (M)} as {@code (N, M / N)}, so that each sample averages its rows. */
    static Tensor perSample(Tensor perRow, Tensor yPred) {
        int n = yPred.dim(0);
        return perRow.view(Shape.of(n, (int) (perRow.size() / n)));
    }

    /**
     * 1 for the rows whose {@code labels} class is among the {@code k} largest of {@code scores}
     * {@code (M, C)}, else 0: no more than {@code k - 1} scores strictly above the label's (ties count
     * as in, as TensorFlow's {@code in_top_k}).
     */
    static Tensor inTopK(Tensor scores, Tensor labels, int k) {
        var be = scores.backend();
        int c = scores.dim(1);
        Tensor own = be.sumLastAxis(MetricMath.mul(scores, be.oneHot(labels, c)));
        Tensor above = MetricMath.positive(MetricMath.sub(scores, be.broadcastLastAxis(own, c)));
        Tensor count = be.sumLastAxis(above);
        return MetricMath.positive(be.scalar(ScalarOp.RSUB, count, k - 0.5f));
    }
}
