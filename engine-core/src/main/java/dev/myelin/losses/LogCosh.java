package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Keras's {@code log_cosh}: {@code mean(log(cosh(yPred - yTrue)))} over the last axis, computed as {@code x + softplus(-2x) - log 2} so that large errors do not overflow. */
public final class LogCosh extends ReducingLoss {
    /** With Keras's defaults. */
    public LogCosh() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        Tensor t = LossSupport.matchShape(name(), yTrue, p);
        Tensor x = Ops.sub(p, t);
        Tensor softplus = LossSupport.softplus(Ops.mulScalar(x, -2f));
        return Ops.meanLastAxis(Ops.addScalar(Ops.add(x, softplus), (float) -Math.log(2)));
    }

    @Override
    public String name() { return "log_cosh"; }
}
