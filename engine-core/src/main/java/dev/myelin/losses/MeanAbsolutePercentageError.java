package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Keras's {@code mean_absolute_percentage_error} ({@code "mape"}): {@code 100 * mean(|(yTrue - yPred) / max(|yTrue|, 1e-7)|)} over the last axis. */
public final class MeanAbsolutePercentageError extends ReducingLoss {
    /** With Keras's defaults. */
    public MeanAbsolutePercentageError() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        Tensor t = LossSupport.matchShape(name(), yTrue, p);
        Tensor scale = Ops.scalar(ScalarOp.MAX, Ops.abs(t), LossSupport.EPSILON);
        return Ops.mulScalar(Ops.meanLastAxis(Ops.abs(Ops.div(Ops.sub(t, p), scale))), 100f);
    }

    @Override
    public String name() { return "mean_absolute_percentage_error"; }
}
