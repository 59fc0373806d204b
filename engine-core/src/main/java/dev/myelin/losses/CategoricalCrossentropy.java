package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code categorical_crossentropy} against one-hot (or soft) labels {@code (N, C)}. From logits
 * it is the fused log-sum-exp softmax cross-entropy; from probabilities it follows Keras: rescale
 * each row to sum to 1, clip to {@code [1e-7, 1 - 1e-7]}, take {@code -sum(y log p)}.
 */
public final class CategoricalCrossentropy implements Loss {
    private final boolean fromLogits;

    public CategoricalCrossentropy() {
        this(false);
    }

    public CategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() { return fromLogits; }

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException(name() + ": one-hot labels of shape " + yTrue.shape()
                    + " do not match outputs of shape " + yPred.shape()
                    + (yTrue.rank() < yPred.rank() ? "; for class indices use sparse_categorical_crossentropy" : ""));
        }
        Tensor logitsOrP = LossSupport.rows(yPred), y = LossSupport.rows(yTrue);
        if (fromLogits) return Ops.mean(Ops.softmaxCrossEntropy(logitsOrP, y, false));
        return Ops.mean(crossEntropyOfProbabilities(y, logitsOrP));
    }

    /** Per-row {@code -sum(y log p)} of Keras's probability path; {@code y} and {@code p} are {@code (N, C)}. */
    static Tensor crossEntropyOfProbabilities(Tensor y, Tensor p) {
        Tensor rowSums = Ops.broadcastLastAxis(Ops.sumLastAxis(p), p.dim(-1));
        Tensor clipped = LossSupport.clipProbabilities(Ops.div(p, rowSums));
        return Ops.neg(Ops.sumLastAxis(Ops.mul(y, Ops.log(clipped))));
    }

    @Override
    public String name() { return "categorical_crossentropy"; }
}
