package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Keras's {@code mean_squared_logarithmic_error} ({@code "msle"}): {@code mean((log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1))^2)} over the last axis. */
public final class MeanSquaredLogarithmicError extends ReducingLoss {
    /** With Keras's defaults. */
    public MeanSquaredLogarithmicError() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        Tensor t = LossSupport.matchShape(name(), yTrue, p);
        Tensor lp = Ops.log(Ops.addScalar(Ops.scalar(ScalarOp.MAX, p, LossSupport.EPSILON), 1f));
        Tensor lt = Ops.log(Ops.addScalar(Ops.scalar(ScalarOp.MAX, t, LossSupport.EPSILON), 1f));
        return Ops.meanLastAxis(Ops.square(Ops.sub(lp, lt)));
    }

    @Override
    public String name() { return "mean_squared_logarithmic_error"; }
}
