package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Keras's {@code mean_squared_error} ({@code "mse"}): {@code mean((yPred - yTrue)^2)} over the last axis. */
public final class MeanSquaredError extends ReducingLoss {
    /** With Keras's defaults. */
    public MeanSquaredError() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        Tensor t = LossSupport.matchShape(name(), yTrue, p);
        return Ops.meanLastAxis(Ops.square(Ops.sub(p, t)));
    }

    @Override
    public String name() { return "mean_squared_error"; }
}
