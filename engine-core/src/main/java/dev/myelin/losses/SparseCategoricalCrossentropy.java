package dev.myelin.losses;

import dev.myelin.layers.Shapes;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code sparse_categorical_crossentropy}: labels are class indices {@code (N)}, outputs
 * {@code (N, C)}. From logits it is the fused log-sum-exp softmax cross-entropy; from probabilities
 * it one-hot encodes the labels and takes Keras's clipped {@code -sum(y log p)}. With
 * {@code ignoreClass}, samples of that label count for nothing and the default reduction averages
 * over the others (Keras's mask).
 */
public final class SparseCategoricalCrossentropy extends ReducingLoss {
    private final boolean fromLogits;
    private Integer ignoreClass;

    /** From probabilities (a softmax output). */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /** From logits when {@code fromLogits}. */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** Whether the outputs are logits. */
    public boolean fromLogits() { return fromLogits; }

    /** Ignores samples labelled {@code ignoreClass} (Keras's {@code ignore_class}); null ignores none. */
    public SparseCategoricalCrossentropy ignoreClass(Integer ignoreClass) {
        this.ignoreClass = ignoreClass;
        return this;
    }

    /** The ignored label, or null. */
    public Integer ignoreClass() { return ignoreClass; }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() < 2) {
            throw new IllegalArgumentException(name() + ": expects outputs (batch, classes), got " + yPred.shape());
        }
        Tensor labels = LossSupport.sparseLabels(name(), yTrue, yPred);
        Tensor valid = null;
        if (ignoreClass != null) { // ignored samples look up class 0, then count for nothing
            valid = LossSupport.oneMinus(LossSupport.equalsMask(labels, ignoreClass));
            labels = Ops.mul(labels, valid);
        }
        Tensor z = LossSupport.rows(yPred);
        Tensor perRow = fromLogits ? Ops.softmaxCrossEntropy(z, labels, true)
                : CategoricalCrossentropy.crossEntropyOfProbabilities(Ops.oneHot(labels, z.dim(1)), z);
        if (valid != null) perRow = Ops.mul(perRow, valid);
        return LossSupport.unrows(perRow, yPred);
    }

    @Override
    protected Tensor mask(Tensor yTrue, Tensor yPred) {
        if (ignoreClass == null) return null;
        Tensor labels = LossSupport.sparseLabels(name(), yTrue, yPred);
        return LossSupport.unrows(LossSupport.oneMinus(LossSupport.equalsMask(labels, ignoreClass)), yPred);
    }

    @Override
    public void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {
        int classes = outputShape.dim(-1), perSample = Math.max(1, labelShape.sizeAsInt());
        for (int i = 0; i < yTrue.length; i++) {
            float v = yTrue[i];
            if (ignoreClass != null && v == ignoreClass) continue;
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException(what + ": the label of sample " + i + " is " + v
                        + ", not a class index; " + name() + " needs integers in [0, " + classes + ")");
            }
            if (v < 0 || v >= classes) {
                throw new IllegalArgumentException(what + ": the label of sample " + i + " is " + (int) v
                        + ", outside the class range [0, " + classes + ") of the model's output " + Shapes.batched(outputShape));
            }
        }
    }

    @Override
    public String name() { return "sparse_categorical_crossentropy"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("from_logits", fromLogits);
        c.put("ignore_class", ignoreClass);
        return c;
    }
}
