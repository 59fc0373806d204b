package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code kl_divergence} ({@code "kld"}): {@code sum(y log(y / p))} over the last axis, both clipped to {@code [1e-7, 1]}. */
public final class KLDivergence extends ReducingLoss {
    /** Keras's KL divergence. */
    public KLDivergence() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        Tensor t = Ops.clip(LossSupport.matchShape(name(), yTrue, p), LossSupport.EPSILON, 1f);
        Tensor q = Ops.clip(p, LossSupport.EPSILON, 1f);
        return Ops.sumLastAxis(Ops.mul(t, Ops.log(Ops.div(t, q))));
    }

    @Override
    public void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {
        LossSupport.checkRange(name(), yTrue, labelShape, 0f, 1f, "probability targets in [0, 1]", what);
    }

    @Override
    public String name() { return "kl_divergence"; }
}
