package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code binary_crossentropy}, averaged over the last axis. From logits it uses the fused,
 * stable {@code max(z,0) - z*y + log(1 + exp(-|z|))}; from probabilities it clips them to
 * {@code [1e-7, 1 - 1e-7]} and takes {@code -(y log p + (1-y) log(1-p))}, as Keras does. Label
 * smoothing {@code s} moves targets to {@code y (1 - s) + s / 2}.
 */
public final class BinaryCrossentropy extends ReducingLoss {
    private final boolean fromLogits;
    private float labelSmoothing;

    /** From probabilities (a sigmoid output), no label smoothing. */
    public BinaryCrossentropy() {
        this(false);
    }

    /** From logits when {@code fromLogits}, else from probabilities. */
    public BinaryCrossentropy(boolean fromLogits) {
        this(fromLogits, 0);
    }

    /** With label smoothing in {@code [0, 1]}. */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        this.fromLogits = fromLogits;
        labelSmoothing(labelSmoothing);
    }

    /** Whether the outputs are logits. */
    public boolean fromLogits() { return fromLogits; }

    /** Sets the label smoothing, in {@code [0, 1]}. */
    public BinaryCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = LossSupport.unitInterval(name(), "label smoothing", labelSmoothing);
        return this;
    }

    /** The label smoothing. */
    public double labelSmoothing() { return labelSmoothing; }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        Tensor y = LossSupport.smooth(LossSupport.matchShape(name(), yTrue, p), labelSmoothing, 0.5f);
        return Ops.meanLastAxis(elementwise(y, p, fromLogits));
    }

    /** Per-element binary cross-entropy: the fused stable form on logits, Keras's clipped form on probabilities. */
    static Tensor elementwise(Tensor y, Tensor p, boolean fromLogits) {
        if (fromLogits) return Ops.sigmoidCrossEntropy(p, y);
        Tensor clipped = LossSupport.clipProbabilities(p);
        Tensor positive = Ops.mul(y, Ops.log(clipped));
        Tensor negative = Ops.mul(LossSupport.oneMinus(y), Ops.log(LossSupport.oneMinus(clipped)));
        return Ops.neg(Ops.add(positive, negative));
    }

    @Override
    public void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {
        LossSupport.checkRange(name(), yTrue, labelShape, 0f, 1f, "targets in [0, 1] (0/1 classes or probabilities)", what);
    }

    @Override
    public String name() { return "binary_crossentropy"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", (double) labelSmoothing);
        return c;
    }
}
