package dev.myelin.losses;

import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Map;

/**
 * A loss: per-sample values reduced (by default to their mean over the batch) to a scalar tensor.
 * Losses are composed of {@link dev.myelin.tensor.Ops}, so autograd differentiates them; a custom
 * loss implements {@link #compute(Tensor, Tensor)} and {@link #name()}.
 */
public interface Loss {

    /** The reduced loss; {@code yTrue} as the dataset holds labels, {@code yPred} the model's output. */
    Tensor compute(Tensor yTrue, Tensor yPred);

    /**
     * The reduced loss with each sample's value multiplied by its weight; {@code sampleWeight} is
     * {@code (N)} (one per sample) or null. Keras's {@code loss(y_true, y_pred, sample_weight)}.
     */
    default Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (sampleWeight == null) return compute(yTrue, yPred);
        throw new UnsupportedOperationException(name() + " does not take sample weights; extend ReducingLoss to get them");
    }

    /** Keras's name, e.g. {@code sparse_categorical_crossentropy}. */
    String name();

    /** The settings that recreate this loss with {@link Losses#get(String, Map)} (Keras's {@code get_config}). */
    default Map<String, Object> config() {
        return Map.of();
    }

    /**
     * Checks labels on the host before training or evaluation: throws naming the first sample whose
     * target lies outside this loss's domain (binary cross-entropy given 5). {@code labelShape} and
     * {@code outputShape} are per sample; {@code what} names the data ("training data").
     */
    default void checkTargets(float[] yTrue, Shape labelShape, Shape outputShape, String what) {}
}
