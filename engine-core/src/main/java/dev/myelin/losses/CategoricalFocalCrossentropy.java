package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code categorical_focal_crossentropy}: per row {@code sum(alpha (1 - p)^gamma (-y log p))}
 * with {@code p} the probabilities rescaled to sum to 1 and clipped to {@code [1e-7, 1 - 1e-7]}.
 * Defaults alpha 0.25, gamma 2. From logits, {@code log p} is the log-softmax (stable for any logits)
 * where Keras logs the clipped softmax; the two agree wherever no probability is below 1e-7.
 */
public final class CategoricalFocalCrossentropy extends ReducingLoss {
    private final boolean fromLogits;
    private float alpha = 0.25f;
    private float gamma = 2f;
    private float labelSmoothing;

    /** From probabilities, Keras's defaults. */
    public CategoricalFocalCrossentropy() {
        this(false);
    }

    /** From logits when {@code fromLogits}. */
    public CategoricalFocalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** The weighting factor, at least 0. */
    public CategoricalFocalCrossentropy alpha(double alpha) {
        if (!(alpha >= 0)) throw new IllegalArgumentException(name() + ": alpha must be at least 0, got " + alpha);
        this.alpha = (float) alpha;
        return this;
    }

    /** The focusing exponent, at least 0. */
    public CategoricalFocalCrossentropy gamma(double gamma) {
        if (!(gamma >= 0)) throw new IllegalArgumentException(name() + ": gamma must be at least 0, got " + gamma);
        this.gamma = (float) gamma;
        return this;
    }

    /** Label smoothing in {@code [0, 1]}, towards {@code 1 / C}. */
    public CategoricalFocalCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = LossSupport.unitInterval(name(), "label smoothing", labelSmoothing);
        return this;
    }

    /** Whether the outputs are logits. */
    public boolean fromLogits() { return fromLogits; }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException(name() + ": one-hot labels of shape " + yTrue.shape()
                    + " do not match outputs of shape " + yPred.shape());
        }
        Tensor z = LossSupport.rows(yPred);
        Tensor y = LossSupport.smooth(LossSupport.rows(yTrue), labelSmoothing, 1f / yPred.dim(-1));
        Tensor p, logP;
        if (fromLogits) {
            logP = Ops.logSoftmax(z);
            p = LossSupport.clipProbabilities(Ops.exp(logP));
        } else {
            p = CategoricalCrossentropy.normalizedProbabilities(z);
            logP = Ops.log(p);
        }
        Tensor cce = Ops.neg(Ops.mul(y, logP));
        Tensor weight = Ops.mulScalar(Ops.scalar(ScalarOp.POW, LossSupport.oneMinus(p), gamma), alpha);
        return LossSupport.unrows(Ops.sumLastAxis(Ops.mul(weight, cce)), yPred);
    }

    @Override
    public void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {
        LossSupport.checkRange(name(), yTrue, labelShape, 0f, 1f, "one-hot or probability targets in [0, 1]", what);
    }

    @Override
    public String name() { return "categorical_focal_crossentropy"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("alpha", (double) alpha);
        c.put("gamma", (double) gamma);
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", (double) labelSmoothing);
        return c;
    }
}
