package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code hinge}: {@code mean(max(1 - y yPred, 0))} over the last axis, for labels -1/1; labels
 * that are all 0/1 are first mapped to -1/1, as Keras does (decided on the device, per batch).
 */
public final class Hinge extends ReducingLoss {
    /** Keras's hinge loss. */
    public Hinge() {}

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        return Ops.meanLastAxis(margins(LossSupport.matchShape(name(), yTrue, p), p));
    }

    /** {@code max(1 - y p, 0)} per element, with 0/1 labels mapped to -1/1. */
    static Tensor margins(Tensor yTrue, Tensor p) {
        Tensor y = hingeLabels(yTrue);
        return Ops.scalar(ScalarOp.MAX, LossSupport.oneMinus(Ops.mul(y, p)), 0f);
    }

    /** Keras's {@code convert_binary_labels_to_hinge}: {@code 2y - 1} when every label is 0 or 1, else the labels. */
    static Tensor hingeLabels(Tensor y) {
        // y (1 - y) is 0 exactly for 0 and 1; binary = 1 when no element differs
        Tensor offBinary = Ops.unary(UnaryOp.SIGN, Ops.abs(Ops.mul(y, LossSupport.oneMinus(y))));
        Tensor binary = LossSupport.oneMinus(Ops.unary(UnaryOp.SIGN, Ops.sum(offBinary)));
        return Ops.sub(Ops.add(y, Ops.mul(y, binary)), binary); // y + binary (y - 1)
    }

    /** Labels -1, 0 or 1. */
    static void checkHingeTargets(String loss, float[] yTrue, Shape labelShape, String what) {
        int perSample = Math.max(1, labelShape.sizeAsInt());
        for (int i = 0; i < yTrue.length; i++) {
            float v = yTrue[i];
            if (v != -1f && v != 0f && v != 1f) {
                throw new IllegalArgumentException(what + ": the label of sample " + (i / perSample) + " is " + v + "; " + loss
                        + " needs labels -1/1 (or 0/1)");
            }
        }
    }

    @Override
    public void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {
        checkHingeTargets(name(), yTrue, labelShape, what);
    }

    @Override
    public String name() { return "hinge"; }
}
