package dev.myelin.initializers;

import dev.myelin.backend.Backends;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** All zeros: Keras's default for biases. */
public final class Zeros implements Initializer {
    @Override
    public Tensor create(Shape shape, int fanIn, int fanOut, long seed) {
        return Backends.current().zeros(shape);
    }

    @Override
    public String name() { return "zeros"; }
}
