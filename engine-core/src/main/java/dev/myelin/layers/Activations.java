package dev.myelin.layers;

import dev.myelin.backend.ActivationKind;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Activations by their Keras 3 names, with Keras 3's definitions and defaults: leaky relu's slope
 * 0.2, elu's alpha 1, gelu exact (its tanh approximation is {@code gelu_tanh}, Keras's
 * {@code gelu(x, approximate=True)}), hard sigmoid {@code clip(x / 6 + 0.5, 0, 1)}. {@code swish} is
 * another name of {@code silu} and {@code hard_swish} of {@code hard_silu}, as in Keras. {@code gaussian} is {@code exp(-x^2)} (not a Keras name;
 * the course notes' radial activation).
 */
public final class Activations {
    /** The activation names every layer's {@code activation(...)} accepts, beside the extended ones the factory knows. */
    public static final List<String> NAMES = List.of("linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu", "elu", "gelu",
            "gelu_tanh", "selu", "silu", "swish", "softplus", "softsign", "hard_sigmoid", "exponential", "mish", "relu6", "gaussian",
            "log_softmax", "log_sigmoid", "hard_silu", "hard_swish");

    /** The activations that are no single backend kind: {@link #apply} composes them (linear is none at all). */
    private static final Set<String> COMPOSED = Set.of("linear", "softmax", "relu6", "log_softmax", "log_sigmoid", "hard_silu");

    private static final Map<String, String> ALIASES = Map.of("swish", "silu", "hard_swish", "hard_silu");

    /** Keras 3's defaults for the parameterized activations used by name. */
    public static final float LEAKY_RELU_SLOPE = 0.2f, ELU_ALPHA = 1f;

    private Activations() {}

    /** The canonical name, or an error listing the known ones. {@code null} means linear. */
    public static String canonical(String name) {
        if (name == null) return "linear";
        String n = name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown activation \"" + name + "\"; known: " + String.join(", ", NAMES));
        }
        return ALIASES.getOrDefault(n, n);
    }

    /** Applies the activation {@code name} (canonical) to {@code x}. */
    public static Tensor apply(String name, Tensor x) {
        return switch (name) {
            case "linear" -> x;
            case "softmax" -> Ops.softmax(x);
            case "relu6" -> Ops.clip(Ops.relu(x), 0f, 6f);
            case "log_softmax" -> Ops.logSoftmax(x);
            case "log_sigmoid" -> Ops.neg(Ops.activation(ActivationKind.SOFTPLUS, 0f, Ops.neg(x)));   // -softplus(-x)
            case "hard_silu" -> Ops.mul(x, Ops.activation(ActivationKind.HARD_SIGMOID, 0f, x));     // x * relu6(x + 3) / 6
            default -> Ops.activation(kind(name), parameter(name), x);
        };
    }

    /**
     * Adds {@code bias} (null: none) along the last axis of {@code x}, then applies the activation
     * {@code name} (canonical): in one op where the activation is a backend kind (see
     * {@link Ops#addBiasActivation}).
     */
    public static Tensor applyWithBias(String name, Tensor x, Tensor bias) {
        if (bias == null) return apply(name, x);
        if (name.equals("linear")) return Ops.addBias(x, bias);
        return isKind(name) ? Ops.addBiasActivation(x, bias, kind(name), parameter(name)) : apply(name, Ops.addBias(x, bias));
    }

    /**
     * Whether the activation {@code name} (canonical) is one backend {@link ActivationKind}, which a
     * fused op can apply; linear, softmax and the activations composed of several ops are not.
     */
    static boolean isKind(String name) {
        return !COMPOSED.contains(name);
    }

    /** The backend's kind for a canonical name that has one. */
    static ActivationKind kind(String name) {
        return switch (name) {
            case "relu" -> ActivationKind.RELU;
            case "sigmoid" -> ActivationKind.SIGMOID;
            case "tanh" -> ActivationKind.TANH;
            case "leaky_relu" -> ActivationKind.LEAKY_RELU;
            case "elu" -> ActivationKind.ELU;
            case "gelu" -> ActivationKind.GELU;
            case "gelu_tanh" -> ActivationKind.GELU_TANH;
            case "selu" -> ActivationKind.SELU;
            case "silu" -> ActivationKind.SWISH;
            case "softplus" -> ActivationKind.SOFTPLUS;
            case "softsign" -> ActivationKind.SOFTSIGN;
            case "hard_sigmoid" -> ActivationKind.HARD_SIGMOID;
            case "exponential" -> ActivationKind.EXPONENTIAL;
            case "mish" -> ActivationKind.MISH;
            case "gaussian" -> ActivationKind.GAUSSIAN;
            default -> throw new IllegalArgumentException("unknown activation \"" + name + "\"; known: " + String.join(", ", NAMES));
        };
    }

    static float parameter(String name) {
        return switch (name) {
            case "leaky_relu" -> LEAKY_RELU_SLOPE;
            case "elu" -> ELU_ALPHA;
            default -> 0f;
        };
    }
}
