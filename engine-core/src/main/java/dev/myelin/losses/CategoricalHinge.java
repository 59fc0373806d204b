package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code categorical_hinge} for one-hot labels: {@code max(neg - pos + 1, 0)} with
 * {@code pos = sum(y p)} and {@code neg = max((1 - y) p)} over the last axis.
 */
public final class CategoricalHinge extends ReducingLoss {
    /** Keras's categorical hinge loss. */
    public CategoricalHinge() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.rows(LossSupport.outputs(yPred));
        Tensor y = LossSupport.rows(LossSupport.matchShape(name(), yTrue, LossSupport.outputs(yPred)));
        Tensor pos = Ops.sumLastAxis(Ops.mul(y, p));
        Tensor others = Ops.mul(LossSupport.oneMinus(y), p);
        // the row maximum as a one-hot selection: its gradient goes to the largest entry, as max's does
        Tensor largest = Ops.oneHot(Ops.argmax(others), others.dim(1));
        Tensor neg = Ops.sumLastAxis(Ops.mul(others, largest));
        Tensor perRow = Ops.scalar(ScalarOp.MAX, Ops.addScalar(Ops.sub(neg, pos), 1f), 0f);
        return LossSupport.unrows(perRow, LossSupport.outputs(yPred));
    }

    @Override
    public void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {
        LossSupport.checkRange(name(), yTrue, labelShape, 0f, 1f, "one-hot targets in [0, 1]", what);
    }

    @Override
    public String name() { return "categorical_hinge"; }
}
