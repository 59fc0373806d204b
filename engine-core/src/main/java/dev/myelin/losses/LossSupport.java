package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Shape handling the losses share. */
final class LossSupport {
    /** Keras's epsilon: probabilities are clipped to {@code [EPSILON, 1 - EPSILON]} before a log. */
    static final float EPSILON = 1e-7f;

    private LossSupport() {}

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

    /** Class indices as {@code (N)}, from {@code (N)} or {@code (N, 1)}. */
    static Tensor sparseLabels(String loss, Tensor yTrue, Tensor yPred) {
        int n = yPred.dim(0);
        if (yTrue.size() != n) {
            throw new IllegalArgumentException(loss + ": expects one class index per sample, (" + n + ",) for outputs of shape "
                    + yPred.shape() + ", but labels have shape " + yTrue.shape());
        }
        return yTrue.rank() == 1 ? yTrue : yTrue.reshape(n);
    }

    /** Outputs as rows {@code (N, C)}: per-row losses then average over the batch. */
    static Tensor rows(Tensor t) {
        return t.rank() == 2 ? t : t.reshape(-1, t.dim(-1));
    }

    static Tensor clipProbabilities(Tensor p) {
        return Ops.clip(p, EPSILON, 1f - EPSILON);
    }
}
