package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;

import static dev.myelin.backend.ActivationKind.SELU_ALPHA;
import static dev.myelin.backend.ActivationKind.SELU_SCALE;
import static dev.myelin.backend.ActivationKind.SQRT_2_OVER_PI;

/**
 * The activations without a parameter beyond relu/sigmoid/tanh/elu/gelu, one value at a time in
 * double (the result is rounded to float once): Keras 3's definitions, see {@link ActivationKind}.
 */
final class MoreActivations {
    private static final double GELU_CUBIC = 0.044715;

    private MoreActivations() {}

    /** {@code log(1 + e^x)} without overflow: {@code max(x, 0) + log1p(e^-|x|)}. */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    static double forward(ActivationKind kind, double x) {
        return switch (kind) {
            case SELU -> x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
            case SWISH -> x * sigmoid(x);
            case SOFTPLUS -> softplus(x);
            case SOFTSIGN -> x / (1 + Math.abs(x));
            case HARD_SIGMOID -> Math.min(1, Math.max(0, x / 6 + 0.5));
            case EXPONENTIAL -> Math.exp(x);
            case MISH -> x * Math.tanh(softplus(x));
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x)));
            case GAUSSIAN -> Math.exp(-x * x);
            default -> throw new IllegalArgumentException("not one of the extra activations: " + kind);
        };
    }

    /** {@code dy/dx} at input {@code x}. */
    static double derivative(ActivationKind kind, double x) {
        return switch (kind) {
            case SELU -> x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x);
            case SWISH -> {
                double s = sigmoid(x);
                yield s + x * s * (1 - s);
            }
            case SOFTPLUS -> sigmoid(x);
            case SOFTSIGN -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)));
            case HARD_SIGMOID -> x > -3 && x < 3 ? 1.0 / 6 : 0;
            case EXPONENTIAL -> Math.exp(x);
            case MISH -> {
                double t = Math.tanh(softplus(x));
                yield t + x * sigmoid(x) * (1 - t * t);
            }
            case GELU_TANH -> {
                double t = Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x));
                yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * x * x);
            }
            case GAUSSIAN -> -2 * x * Math.exp(-x * x);
            default -> throw new IllegalArgumentException("not one of the extra activations: " + kind);
        };
    }
}
