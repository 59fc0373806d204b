package dev.myelin.losses;

import dev.myelin.tensor.Tensor;

/**
 * A loss: the mean over the batch of a per-sample loss, as a scalar tensor. Losses are composed of
 * {@link dev.myelin.tensor.Ops}, so autograd differentiates them.
 */
public interface Loss {

    /** The batch mean; {@code yTrue} as the dataset holds labels, {@code yPred} the model's output. */
    Tensor compute(Tensor yTrue, Tensor yPred);

    /** Keras's name, e.g. {@code sparse_categorical_crossentropy}. */
    String name();
}
