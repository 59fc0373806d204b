package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Keras's {@code mean_absolute_error}: {@code mean(|yPred - yTrue|)}. */
public final class MeanAbsoluteError implements Loss {
    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor t = LossSupport.matchShape(name(), yTrue, yPred);
        return Ops.mean(Ops.abs(Ops.sub(yPred, t)));
    }

    @Override
    public String name() { return "mean_absolute_error"; }
}
