package dev.myelin.regularizers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Tensor;

/**
 * A weight penalty added to the training loss, as Keras's {@code kernel_regularizer} and
 * {@code bias_regularizer}: computed with {@link dev.myelin.tensor.Ops} so autograd adds its
 * gradient to the weights'.
 */
public interface Regularizer {

    /** The penalty for {@code weights}, a scalar tensor. */
    Tensor penalty(Tensor weights);

    /** Keras's class name: {@code L1}, {@code L2}, {@code L1L2}. */
    String className();

    /** Keras's config: the factors, e.g. {@code {"l2": 0.01}}. */
    JsonObject config();
}
