package dev.myelin.model;

import dev.myelin.backend.ScalarOp;
import dev.myelin.losses.Loss;
import dev.myelin.losses.Reduction;
import dev.myelin.losses.ReducingLoss;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/**
 * Keras's masked losses: when a model's output carries a mask (a sequence output after an
 * Embedding with {@code maskZero}), the mask becomes the per-step weights of its loss, scaled as
 * Keras's {@code apply_mask} does so that the default reduction averages over the steps that count
 * only ({@code sum(loss * mask) / sum(mask)}); it multiplies any sample weights.
 */
final class MaskedLoss {
    private MaskedLoss() {}

    /** The weights to pass to {@code loss}: {@code sampleWeight} alone when there is no mask. */
    static Tensor weights(Loss loss, Tensor mask, Tensor sampleWeight) {
        if (mask == null) return sampleWeight;
        if (!(loss instanceof ReducingLoss reducing)) {
            throw new IllegalArgumentException("loss " + loss.name() + " cannot weight the masked steps of an output; use a built-in loss");
        }
        Tensor w = mask;
        if (reducing.reduction() == Reduction.SUM_OVER_BATCH_SIZE) {
            // total / valid for each step that counts (valid at least 1: an all-masked batch adds 0, not NaN)
            Tensor valid = Ops.scalar(ScalarOp.MAX, Ops.sum(mask), 1f);
            w = Ops.mul(mask, Ops.scalar(ScalarOp.RDIV, valid, (float) mask.size()));
        }
        if (sampleWeight != null) {
            int n = mask.dim(0), steps = (int) (mask.size() / n);
            w = Ops.mul(w, Ops.broadcastLastAxis(sampleWeight.reshape(n), steps).reshape(mask.shape().toArray()));
        }
        return w;
    }
}
