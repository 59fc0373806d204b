package dev.myelin.initializers;

import dev.myelin.backend.Backends;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** All ones: Keras's default for normalization scales (gamma) and moving variances. */
public final class Ones implements Initializer {
    /** The initializer Keras calls "ones". */
    public Ones() {}

    @Override
    public Tensor create(Shape shape, int fanIn, int fanOut, long seed) {
        return Backends.current().full(shape, 1f);
    }

    @Override
    public String name() { return "ones"; }
}
