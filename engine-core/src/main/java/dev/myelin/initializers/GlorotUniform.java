package dev.myelin.initializers;

import dev.myelin.backend.Backends;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's default kernel initializer: uniform in {@code ±sqrt(6 / (fanIn + fanOut))}. */
public final class GlorotUniform implements Initializer {
    @Override
    public Tensor create(Shape shape, int fanIn, int fanOut, long seed) {
        float limit = (float) Math.sqrt(6.0 / Math.max(1, fanIn + fanOut));
        return Backends.current().randomUniform(shape, -limit, limit, seed);
    }

    @Override
    public String name() { return "glorot_uniform"; }
}
