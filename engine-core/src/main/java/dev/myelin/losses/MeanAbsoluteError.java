package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Keras's {@code mean_absolute_error} ({@code "mae"}): {@code mean(|yPred - yTrue|)} over the last axis. */
public final class MeanAbsoluteError extends ReducingLoss {
    /** With Keras's defaults. */
    public MeanAbsoluteError() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        Tensor t = LossSupport.matchShape(name(), yTrue, p);
        return Ops.meanLastAxis(Ops.abs(Ops.sub(p, t)));
    }

    @Override
    public String name() { return "mean_absolute_error"; }
}
