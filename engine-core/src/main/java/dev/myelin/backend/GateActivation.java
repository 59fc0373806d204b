package dev.myelin.backend;

import java.util.Locale;

/**
 * The activations a fused recurrent op applies inside its cell. Each one's derivative is a
 * function of its output, so the backward needs only the stored activations, not the
 * pre-activations. Keras 3's {@code hard_sigmoid} is {@code relu6(x + 3) / 6}.
 */
public enum GateActivation {
    LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID;

    /** The activation at {@code x}. */
    public float apply(float x) {
        return switch (this) {
            case LINEAR -> x;
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case RELU -> Math.max(x, 0f);
            case HARD_SIGMOID -> Math.min(Math.max(x / 6f + 0.5f, 0f), 1f);
        };
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
