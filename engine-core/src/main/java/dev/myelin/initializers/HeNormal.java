package dev.myelin.initializers;

import dev.myelin.backend.Backends;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code HeNormal}: a normal truncated at two standard deviations whose spread is
 * {@code sqrt(2 / fanIn)}. As Keras's VarianceScaling does, the untruncated standard deviation is
 * divided by 0.8796 (the standard deviation of a unit normal truncated to [-2, 2]) so the values
 * drawn have variance {@code 2 / fanIn}.
 */
public final class HeNormal implements Initializer {
    static final double TRUNCATED_STDDEV = 0.87962566103423978;

    @Override
    public Tensor create(Shape shape, int fanIn, int fanOut, long seed) {
        float stddev = (float) (Math.sqrt(2.0 / Math.max(1, fanIn)) / TRUNCATED_STDDEV);
        return Backends.current().randomNormal(shape, 0f, stddev, true, seed);
    }

    @Override
    public String name() { return "he_normal"; }
}
