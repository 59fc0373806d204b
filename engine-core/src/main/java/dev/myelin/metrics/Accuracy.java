package dev.myelin.metrics;

import dev.myelin.backend.AccuracyKind;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.losses.CategoricalCrossentropy;
import dev.myelin.losses.Loss;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code "accuracy"}, resolved as Keras resolves it: binary for binary cross-entropy or a
 * one-unit output; sparse categorical for the sparse loss or labels of lower rank than the outputs;
 * categorical otherwise. Counts stay on the device ({@link Ops#countCorrect}).
 *
 * @param threshold for binary accuracy: 0.5 on probabilities, 0 on logits (sigmoid(0) = 0.5)
 */
public record Accuracy(AccuracyKind kind, float threshold) {

    /** The accuracy for a model with {@code loss}, output sample shape {@code output} and label sample shape {@code label}. */
    public static Accuracy resolve(Loss loss, Shape output, Shape label) {
        if (loss instanceof BinaryCrossentropy b) return new Accuracy(AccuracyKind.BINARY, b.fromLogits() ? 0f : 0.5f);
        if (loss instanceof SparseCategoricalCrossentropy) return new Accuracy(AccuracyKind.SPARSE_CATEGORICAL, 0.5f);
        if (loss instanceof CategoricalCrossentropy) return new Accuracy(AccuracyKind.CATEGORICAL, 0.5f);
        if (output.dim(-1) == 1) return new Accuracy(AccuracyKind.BINARY, 0.5f);
        boolean sparse = label.rank() < output.rank() || (label.rank() > 0 && label.dim(-1) == 1);
        return new Accuracy(sparse ? AccuracyKind.SPARSE_CATEGORICAL : AccuracyKind.CATEGORICAL, 0.5f);
    }

    /** How many of the batch's predictions are right, as a device scalar. */
    public Tensor countCorrect(Tensor yTrue, Tensor yPred) {
        Tensor labels = yTrue;
        if (kind == AccuracyKind.SPARSE_CATEGORICAL && yTrue.rank() != 1) labels = yTrue.reshape(yTrue.dim(0));
        if (kind == AccuracyKind.BINARY && !yTrue.shape().equals(yPred.shape())) labels = yTrue.reshape(yPred.shape().toArray());
        return Ops.countCorrect(kind, yPred, labels, threshold);
    }
}
