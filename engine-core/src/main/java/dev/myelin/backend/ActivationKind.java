package dev.myelin.backend;

/**
 * Elementwise activations a backend implements natively, with Keras 3's definitions. GELU is the
 * exact form {@code x * Phi(x)} (Keras's default, {@code approximate=False}) and GELU_TANH the tanh
 * approximation; ELU uses {@code alpha} (1 in Keras); leaky relu uses {@code alpha} as the negative
 * slope (0.2 in Keras 3); SELU is {@code 1.0507009873554805 * elu(x, 1.6732632423543772)}; SWISH is
 * {@code x * sigmoid(x)} (silu); HARD_SIGMOID is Keras 3's {@code clip(x / 6 + 0.5, 0, 1)}; GAUSSIAN
 * is {@code exp(-x^2)}. New kinds go last: the CUDA kernels use the ordinals.
 */
public enum ActivationKind {
    LINEAR, RELU, SIGMOID, TANH, LEAKY_RELU, ELU, GELU,
    SELU, SWISH, SOFTPLUS, SOFTSIGN, HARD_SIGMOID, EXPONENTIAL, MISH, GELU_TANH, GAUSSIAN;

    /** SELU's scale and alpha (Klambauer et al. 2017, as Keras writes them). */
    public static final double SELU_SCALE = 1.0507009873554805, SELU_ALPHA = 1.6732632423543772;

    /** {@code sqrt(2 / pi)}, in GELU's tanh approximation. */
    public static final double SQRT_2_OVER_PI = 0.7978845608028654;
}
