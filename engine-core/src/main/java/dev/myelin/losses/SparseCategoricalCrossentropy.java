package dev.myelin.losses;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code sparse_categorical_crossentropy}: labels are class indices {@code (N)}, outputs
 * {@code (N, C)}. From logits it is the fused log-sum-exp softmax cross-entropy; from probabilities
 * it one-hot encodes the labels and takes Keras's clipped {@code -sum(y log p)}.
 */
public final class SparseCategoricalCrossentropy implements Loss {
    private final boolean fromLogits;

    public SparseCategoricalCrossentropy() {
        this(false);
    }

    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() { return fromLogits; }

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() != 2) {
            throw new IllegalArgumentException(name() + ": expects outputs (batch, classes), got " + yPred.shape());
        }
        Tensor labels = LossSupport.sparseLabels(name(), yTrue, yPred);
        if (fromLogits) return Ops.mean(Ops.softmaxCrossEntropy(yPred, labels, true));
        Tensor oneHot = Ops.oneHot(labels, yPred.dim(1));
        return Ops.mean(CategoricalCrossentropy.crossEntropyOfProbabilities(oneHot, yPred));
    }

    @Override
    public String name() { return "sparse_categorical_crossentropy"; }
}
