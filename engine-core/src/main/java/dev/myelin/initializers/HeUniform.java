package dev.myelin.initializers;

import dev.myelin.backend.Backends;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code HeUniform}: uniform in {@code ±sqrt(6 / fanIn)}. */
public final class HeUniform implements Initializer {
    @Override
    public Tensor create(Shape shape, int fanIn, int fanOut, long seed) {
        float limit = (float) Math.sqrt(6.0 / Math.max(1, fanIn));
        return Backends.current().randomUniform(shape, -limit, limit, seed);
    }

    @Override
    public String name() { return "he_uniform"; }
}
