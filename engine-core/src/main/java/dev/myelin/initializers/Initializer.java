package dev.myelin.initializers;

import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Draws a parameter's initial values on the current backend. {@code fanIn} and {@code fanOut} are
 * Keras's: a Dense kernel {@code (in, units)} has {@code in} and {@code units}; a convolution kernel
 * has {@code kh*kw*inChannels} and {@code kh*kw*filters}. The backend's counter-based generator
 * draws the same numbers for the same seed on every backend.
 */
public interface Initializer {

    /** A new tensor of {@code shape}, drawn for a layer with {@code fanIn} inputs and {@code fanOut} outputs from {@code seed}. */
    Tensor create(Shape shape, int fanIn, int fanOut, long seed);

    /** Keras's name: {@code glorot_uniform}, {@code he_normal}, ... */
    String name();
}
