package dev.myelin.backend;

/**
 * Elementwise activations a backend implements natively. GELU is the exact form
 * {@code x * Phi(x)} (Keras's default, {@code approximate=False}); ELU uses {@code alpha} (1 in Keras);
 * leaky relu uses {@code alpha} as the negative slope (0.2 in Keras 3).
 */
public enum ActivationKind { LINEAR, RELU, SIGMOID, TANH, LEAKY_RELU, ELU, GELU }
