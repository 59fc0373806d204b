package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code categorical_crossentropy} against one-hot (or soft) labels {@code (N, C)}. From logits
 * it is the fused log-sum-exp softmax cross-entropy; from probabilities it follows Keras: rescale
 * each row to sum to 1, clip to {@code [1e-7, 1 - 1e-7]}, take {@code -sum(y log p)}. Label
 * smoothing {@code s} moves targets to {@code y (1 - s) + s / C}.
 */
public final class CategoricalCrossentropy extends ReducingLoss {
    private final boolean fromLogits;
    private float labelSmoothing;

    /** From probabilities (a softmax output). */
    public CategoricalCrossentropy() {
        this(false);
    }

    /** From logits when {@code fromLogits}. */
    public CategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, 0);
    }

    /** With label smoothing in {@code [0, 1]}. */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        this.fromLogits = fromLogits;
        labelSmoothing(labelSmoothing);
    }

    /** Whether the outputs are logits. */
    public boolean fromLogits() { return fromLogits; }

    /** Sets the label smoothing, in {@code [0, 1]}. */
    public CategoricalCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = LossSupport.unitInterval(name(), "label smoothing", labelSmoothing);
        return this;
    }

    /** The label smoothing. */
    public double labelSmoothing() { return labelSmoothing; }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException(name() + ": one-hot labels of shape " + yTrue.shape()
                    + " do not match outputs of shape " + yPred.shape()
                    + (yTrue.rank() < yPred.rank() ? "; for class indices use sparse_categorical_crossentropy" : ""));
        }
        Tensor logitsOrP = LossSupport.rows(yPred);
        Tensor y = LossSupport.smooth(LossSupport.rows(yTrue), labelSmoothing, 1f / yPred.dim(-1));
        Tensor perRow = fromLogits ? Ops.softmaxCrossEntropy(logitsOrP, y, false) : crossEntropyOfProbabilities(y, logitsOrP);
        return LossSupport.unrows(perRow, yPred);
    }

    /** Keras's probabilities rescaled to sum to 1 per row and clipped; {@code p} is {@code (N, C)}. */
    static Tensor normalizedProbabilities(Tensor p) {
        Tensor rowSums = Ops.broadcastLastAxis(Ops.sumLastAxis(p), p.dim(-1));
        return LossSupport.clipProbabilities(Ops.div(p, rowSums));
    }

    /** Per-row {@code -sum(y log p)} of Keras's probability path; {@code y} and {@code p} are {@code (N, C)}. */
    static Tensor crossEntropyOfProbabilities(Tensor y, Tensor p) {
        return Ops.neg(Ops.sumLastAxis(Ops.mul(y, Ops.log(normalizedProbabilities(p)))));
    }

    @Override
    public void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {
        LossSupport.checkRange(name(), yTrue, labelShape, 0f, 1f, "one-hot or probability targets in [0, 1]", what);
    }

    @Override
    public String name() { return "categorical_crossentropy"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", (double) labelSmoothing);
        return c;
    }
}
