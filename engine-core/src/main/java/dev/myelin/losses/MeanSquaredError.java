package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Keras's {@code mean_squared_error}: {@code mean((yPred - yTrue)^2)}. */
public final class MeanSquaredError implements Loss {
    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor t = LossSupport.matchShape(name(), yTrue, yPred);
        return Ops.mean(Ops.square(Ops.sub(yPred, t)));
    }

    @Override
    public String name() { return "mean_squared_error"; }
}
