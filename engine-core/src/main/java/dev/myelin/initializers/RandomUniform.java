package dev.myelin.initializers;

import dev.myelin.backend.Backends;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code RandomUniform} with its defaults, uniform in {@code [-0.05, 0.05)}: the {@code "uniform"} of Embedding. */
public final class RandomUniform implements Initializer {
    @Override
    public Tensor create(Shape shape, int fanIn, int fanOut, long seed) {
        return Backends.current().randomUniform(shape, -0.05f, 0.05f, seed);
    }

    @Override
    public String name() { return "uniform"; }
}
