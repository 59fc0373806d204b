package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Shape handling, stable pieces and target checks the losses share. */
final class LossSupport {
    /** Keras's epsilon: probabilities are clipped to {@code [EPSILON, 1 - EPSILON]} before a log. */
    static final float EPSILON = 1e-7f;

    private LossSupport() {}

    /** Outputs of rank 1 {@code (N)} as {@code (N, 1)}, so every loss reduces a last axis to per-sample values. */
    static Tensor outputs(Tensor yPred) {
        return yPred.rank() == 1 ? yPred.reshape(yPred.dim(0), 1) : yPred;
    }

    /**
     * {@code yTrue} in {@code yPred}'s shape: labels {@code (N)} against outputs {@code (N, 1)} (or the
     * reverse) are the same values, as Keras squeezes or expands them.
     */
    static Tensor matchShape(String loss, Tensor yTrue, Tensor yPred) {
        if (yTrue.shape().equals(yPred.shape())) return yTrue;
        if (yTrue.size() != yPred.size()) {
            throw new IllegalArgumentException(loss + ": labels of shape " + yTrue.shape() + " do not match outputs of shape "
                    + yPred.shape());
        }
        return yTrue.reshape(yPred.shape().toArray());
    }

    /** Per-sample weights in the shape of the per-sample {@code values}: {@code (N)} broadcast over any further axes. */
    static Tensor weightsLike(String loss, Tensor weights, Tensor values) {
        if (weights.shape().equals(values.shape())) return weights;
        if (weights.size() == values.size()) return weights.reshape(values.shape().toArray());
        int n = values.rank() == 0 ? 1 : values.dim(0);
        if (weights.size() != n) {
            throw new IllegalArgumentException(loss + ": sample weights of shape " + weights.shape() + " do not match the "
                    + n + " samples of the batch (per-sample losses of shape " + values.shape() + ")");
        }
        int rest = (int) (values.size() / n);
        return Ops.broadcastLastAxis(weights.reshape(n), rest).reshape(values.shape().toArray());
    }

    /** Class indices as one value per row of {@code yPred} {@code (..., C)}: from {@code (...)} or {@code (..., 1)}. */
    static Tensor sparseLabels(String loss, Tensor yTrue, Tensor yPred) {
        long rows = yPred.size() / yPred.dim(-1);
        if (yTrue.size() != rows) {
            throw new IllegalArgumentException(loss + ": expects one class index per sample, " + yPred.shape().dropLast()
                    + " for outputs of shape " + yPred.shape() + ", but labels have shape " + yTrue.shape());
        }
        return yTrue.rank() == 1 ? yTrue : yTrue.reshape((int) rows);
    }

    /** Outputs as rows {@code (M, C)}. */
    static Tensor rows(Tensor t) {
        return t.rank() == 2 ? t : t.reshape(-1, t.dim(-1));
    }

    /** Per-row values {@code (M)} back in the shape of {@code yPred} without its last axis. */
    static Tensor unrows(Tensor perRow, Tensor yPred) {
        return yPred.rank() == 2 ? perRow : perRow.reshape(yPred.shape().dropLast().toArray());
    }

    static Tensor clipProbabilities(Tensor p) {
        return Ops.clip(p, EPSILON, 1f - EPSILON);
    }

    /** {@code log(1 + exp(z))} without overflow: {@code max(z, 0) + log(1 + exp(-|z|))}. */
    static Tensor softplus(Tensor z) {
        Tensor tail = Ops.log(Ops.addScalar(Ops.exp(Ops.neg(Ops.abs(z))), 1f));
        return Ops.add(Ops.relu(z), tail);
    }

    /** {@code 1 - x}. */
    static Tensor oneMinus(Tensor x) {
        return Ops.scalar(ScalarOp.RSUB, x, 1f);
    }

    /** 1 where {@code x == value}, else 0; not differentiable. */
    static Tensor equalsMask(Tensor x, float value) {
        Tensor s = Ops.unary(UnaryOp.SIGN, Ops.abs(Ops.addScalar(x, -value)));
        return oneMinus(s);
    }

    /** Label smoothing towards {@code towards}: {@code y (1 - s) + s * towards}. */
    static Tensor smooth(Tensor y, float smoothing, float towards) {
        if (smoothing == 0f) return y;
        return Ops.addScalar(Ops.mulScalar(y, 1f - smoothing), smoothing * towards);
    }

    /** Throws naming the first sample whose label lies outside {@code [low, high]}. */
    static void checkRange(String loss, float[] y, Shape labelShape, float low, float high, String domain, String what) {
        int perSample = Math.max(1, labelShape.sizeAsInt());
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] >= low && y[i] <= high)) {
                throw new IllegalArgumentException(what + ": the label of sample " + (i / perSample)
                        + (perSample > 1 ? " (value " + (i % perSample) + ")" : "") + " is " + y[i] + "; " + loss + " needs " + domain);
            }
        }
    }

    /** Checks a {@code [0, 1]} coefficient such as label smoothing. */
    static float unitInterval(String loss, String setting, double value) {
        if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException(loss + ": " + setting + " must be in [0, 1], got " + value);
        return (float) value;
    }
}
