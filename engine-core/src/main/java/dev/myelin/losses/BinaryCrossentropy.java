package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code binary_crossentropy}, averaged over every output. From logits it uses the fused,
 * stable {@code max(z,0) - z*y + log(1 + exp(-|z|))}; from probabilities it clips them to
 * {@code [1e-7, 1 - 1e-7]} and takes {@code -(y log p + (1-y) log(1-p))}, as Keras does.
 */
public final class BinaryCrossentropy implements Loss {
    private final boolean fromLogits;

    public BinaryCrossentropy() {
        this(false);
    }

    public BinaryCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() { return fromLogits; }

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor y = LossSupport.matchShape(name(), yTrue, yPred);
        if (fromLogits) return Ops.mean(Ops.sigmoidCrossEntropy(yPred, y));
        Tensor p = LossSupport.clipProbabilities(yPred);
        Tensor positive = Ops.mul(y, Ops.log(p));
        Tensor negative = Ops.mul(Ops.scalar(ScalarOp.RSUB, y, 1f),
                Ops.log(Ops.scalar(ScalarOp.RSUB, p, 1f)));
        return Ops.neg(Ops.mean(Ops.add(positive, negative)));
    }

    @Override
    public String name() { return "binary_crossentropy"; }
}
