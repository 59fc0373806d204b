package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.regularizers.Regularizers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/**
 * A layer's {@code kernel_regularizer} and {@code bias_regularizer}: what every layer with a kernel
 * shares (the penalty, and the two config entries Keras writes).
 */
final class WeightPenalties {
    Regularizer kernel;
    Regularizer bias;

    /** The sum of the penalties on {@code kernelWeights} and {@code biasWeights} (either may be null), or null for none. */
    Tensor loss(Tensor kernelWeights, Tensor biasWeights) {
        Tensor total = null;
        if (kernel != null && kernelWeights != null) total = kernel.penalty(kernelWeights);
        if (bias != null && biasWeights != null) {
            Tensor b = bias.penalty(biasWeights);
            total = total == null ? b : Ops.add(total, b);
        }
        return total;
    }

    void writeTo(JsonObject c) {
        c.add("kernel_regularizer", Regularizers.toJson(kernel));
        c.add("bias_regularizer", Regularizers.toJson(bias));
    }

    void readFrom(ConfigReader c) {
        kernel = c.element("kernel_regularizer", Regularizers::fromJson);
        bias = c.element("bias_regularizer", Regularizers::fromJson);
    }
}
