package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code squared_hinge}: {@code mean(max(1 - y yPred, 0)^2)} over the last axis; 0/1 labels are mapped to -1/1 as for {@link Hinge}. */
public final class SquaredHinge extends ReducingLoss {
    /** Keras's squared hinge loss. */
    public SquaredHinge() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        return Ops.meanLastAxis(Ops.square(Hinge.margins(LossSupport.matchShape(name(), yTrue, p), p)));
    }

    @Override
    public void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {
        Hinge.checkHingeTargets(name(), yTrue, labelShape, what);
    }

    @Override
    public String name() { return "squared_hinge"; }
}
