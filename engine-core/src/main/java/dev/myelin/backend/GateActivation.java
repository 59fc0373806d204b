package dev.myelin.backend;

import java.util.Locale;

/**
 * The activations a fused recurrent op applies inside its cell. Each one's derivative is a
 * function of its output, so the backward needs only the stored activations, not the
 * pre-activations. Keras 3's {@code hard_sigmoid} is {@code relu6(x + 3) / 6}.
 */
public enum GateActivation {
    /** The identity. */
    LINEAR,
    /** The hyperbolic tangent: Keras's default activation of recurrent layers. */
    TANH,
    /** The logistic function: Keras's default activation of the gates. */
    SIGMOID,
    /** {@code max(x, 0)}. */
    RELU,
    /** {@code relu6(x + 3) / 6}, Keras 3's. */
    HARD_SIGMOID;

    /** The activation at {@code x}. */
    public float apply(float x) {
        return switch (this) {
            case LINEAR -> x;
            case TANH -> tanh(x);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case RELU -> Math.max(x, 0f);
            case HARD_SIGMOID -> Math.min(Math.max(x / 6f + 0.5f, 0f), 1f);
        };
    }

    /**
     * {@code tanh} through {@code exp} of a non-positive argument (no overflow), within an ulp of
     * {@code Math.tanh} after rounding to float and several times faster: Math.tanh is not a JIT
     * intrinsic, Math.exp is, and the recurrent cells call it for every unit of every step.
     */
    static float tanh(float x) {
        double t = Math.exp(-2.0 * Math.abs(x));
        double y = (1.0 - t) / (1.0 + t);
        return (float) (x < 0 ? -y : y);
    }

    /** The derivative, written with the activation's output {@code y}. */
    public float derivativeFromOutput(float y) {
        return switch (this) {
            case LINEAR -> 1f;
            case TANH -> 1f - y * y;
            case SIGMOID -> y * (1f - y);
            case RELU -> y > 0f ? 1f : 0f;
            case HARD_SIGMOID -> y > 0f && y < 1f ? 1f / 6f : 0f;
        };
    }

    /** Keras's name. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From a Keras activation name; a clear error for one a recurrent cell cannot fuse. */
    public static GateActivation parse(String name) {
        for (GateActivation a : values()) if (a.kerasName().equals(name == null ? "linear" : name.toLowerCase(Locale.ROOT))) return a;
        throw new IllegalArgumentException("a recurrent cell's activation must be one of linear, tanh, sigmoid, relu, hard_sigmoid; got \""
                + name + "\"");
    }
}
