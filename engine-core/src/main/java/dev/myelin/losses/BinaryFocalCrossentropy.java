package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code binary_focal_crossentropy} (Lin et al., 2017): binary cross-entropy scaled by
 * {@code (1 - p_t)^gamma}, {@code p_t = y p + (1 - y)(1 - p)}, and with class balancing by
 * {@code y alpha + (1 - y)(1 - alpha)}; averaged over the last axis. Defaults: gamma 2, alpha 0.25,
 * no class balancing. From logits the cross-entropy part uses the stable fused form.
 */
public final class BinaryFocalCrossentropy extends ReducingLoss {
    private final boolean fromLogits;
    private boolean applyClassBalancing;
    private float alpha = 0.25f;
    private float gamma = 2f;
    private float labelSmoothing;

    /** From probabilities, Keras's defaults. */
    public BinaryFocalCrossentropy() {
        this(false);
    }

    /** From logits when {@code fromLogits}. */
    public BinaryFocalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** Weighs positives by alpha and negatives by {@code 1 - alpha}. */
    public BinaryFocalCrossentropy applyClassBalancing(boolean apply) {
        this.applyClassBalancing = apply;
        return this;
    }

    /** The class balancing weight of positives, in {@code [0, 1]}. */
    public BinaryFocalCrossentropy alpha(double alpha) {
        this.alpha = LossSupport.unitInterval(name(), "alpha", alpha);
        return this;
    }

    /** The focusing exponent, at least 0. */
    public BinaryFocalCrossentropy gamma(double gamma) {
        if (!(gamma >= 0)) throw new IllegalArgumentException(name() + ": gamma must be at least 0, got " + gamma);
        this.gamma = (float) gamma;
        return this;
    }

    /** Label smoothing in {@code [0, 1]}, towards 0.5. */
    public BinaryFocalCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = LossSupport.unitInterval(name(), "label smoothing", labelSmoothing);
        return this;
    }

    /** Whether the outputs are logits. */
    public boolean fromLogits() { return fromLogits; }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor z = LossSupport.outputs(yPred);
        Tensor y = LossSupport.smooth(LossSupport.matchShape(name(), yTrue, z), labelSmoothing, 0.5f);
        Tensor bce = BinaryCrossentropy.elementwise(y, z, fromLogits);
        Tensor p = fromLogits ? Ops.sigmoid(z) : z;
        Tensor oneMinusY = LossSupport.oneMinus(y);
        Tensor pT = Ops.add(Ops.mul(y, p), Ops.mul(oneMinusY, LossSupport.oneMinus(p)));
        // gamma 0 is plain cross-entropy; skipping the factor also avoids 0^-1 in its gradient
        Tensor focal = gamma == 0f ? bce : Ops.mul(Ops.scalar(ScalarOp.POW, LossSupport.oneMinus(pT), gamma), bce);
        if (applyClassBalancing) {
            Tensor weight = Ops.add(Ops.mulScalar(y, alpha), Ops.mulScalar(oneMinusY, 1f - alpha));
            focal = Ops.mul(weight, focal);
        }
        return Ops.meanLastAxis(focal);
    }

    @Override
    public void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {
        LossSupport.checkRange(name(), yTrue, labelShape, 0f, 1f, "targets in [0, 1] (0/1 classes or probabilities)", what);
    }

    @Override
    public String name() { return "binary_focal_crossentropy"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("apply_class_balancing", applyClassBalancing);
        c.put("alpha", (double) alpha);
        c.put("gamma", (double) gamma);
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", (double) labelSmoothing);
        return c;
    }
}
