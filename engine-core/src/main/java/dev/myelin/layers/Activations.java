package dev.myelin.layers;

import dev.myelin.backend.ActivationKind;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * Activations by their Keras names. Leaky relu uses Keras 3's default slope 0.2, elu alpha 1,
 * gelu the exact form.
 */
public final class Activations {
    public static final List<String> NAMES = List.of("linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu", "elu", "gelu");

    private Activations() {}

    /** The canonical name, or an error listing the known ones. {@code null} means linear. */
    public static String canonical(String name) {
        if (name == null) return "linear";
        String n = name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown activation \"" + name + "\"; known: " + String.join(", ", NAMES));
        }
        return n;
    }

    /** Applies the activation {@code name} (canonical) to {@code x}. */
    public static Tensor apply(String name, Tensor x) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> Ops.activation(ActivationKind.RELU, 0f, x);
            case "sigmoid" -> Ops.activation(ActivationKind.SIGMOID, 0f, x);
            case "tanh" -> Ops.activation(ActivationKind.TANH, 0f, x);
            case "softmax" -> Ops.softmax(x);
            case "leaky_relu" -> Ops.activation(ActivationKind.LEAKY_RELU, 0.2f, x);
            case "elu" -> Ops.activation(ActivationKind.ELU, 1f, x);
            case "gelu" -> Ops.activation(ActivationKind.GELU, 0f, x);
            default -> throw new IllegalArgumentException("unknown activation \"" + name + "\"");
        };
    }
}
