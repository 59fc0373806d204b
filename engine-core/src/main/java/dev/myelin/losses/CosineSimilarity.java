package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code cosine_similarity} loss: {@code -sum(l2normalize(y) l2normalize(yPred))} over the
 * last axis, from -1 (same direction) to 1; {@code l2normalize(x) = x / sqrt(max(sum(x^2), 1e-14))}.
 */
public final class CosineSimilarity extends ReducingLoss {
    /** Over the last axis, as Keras's default {@code axis=-1}. */
    public CosineSimilarity() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        Tensor t = LossSupport.matchShape(name(), yTrue, p);
        return Ops.neg(Ops.sumLastAxis(Ops.mul(normalize(t), normalize(p))));
    }

    /** Keras's {@code normalize(x, order=2)}: {@code x / sqrt(max(sum(x^2), epsilon^2))} along the last axis. */
    static Tensor normalize(Tensor x) {
        float floor = LossSupport.EPSILON * LossSupport.EPSILON;
        Tensor norm = Ops.sqrt(Ops.scalar(ScalarOp.MAX, Ops.sumLastAxis(Ops.square(x)), floor));
        return Ops.div(x, Ops.broadcastLastAxis(norm, x.dim(-1)));
    }

    @Override
    public String name() { return "cosine_similarity"; }
}
