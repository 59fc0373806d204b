package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code poisson}: {@code mean(yPred - yTrue log(yPred + 1e-7))} over the last axis; targets are counts or rates (at least 0). */
public final class Poisson extends ReducingLoss {
    /** Keras's Poisson loss. */
    public Poisson() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        Tensor t = LossSupport.matchShape(name(), yTrue, p);
        return Ops.meanLastAxis(Ops.sub(p, Ops.mul(t, Ops.log(Ops.addScalar(p, LossSupport.EPSILON)))));
    }

    @Override
    public void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {
        LossSupport.checkRange(name(), yTrue, labelShape, 0f, Float.MAX_VALUE, "targets of at least 0", what);
    }

    @Override
    public String name() { return "poisson"; }
}
