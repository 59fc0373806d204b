package dev.myelin.layers;

import dev.myelin.tensor.Shape;

/**
 * A layer was given inputs of a shape it cannot take. Carries the layer's expectation and the
 * shape it got, so a model can name the layer that produced that shape.
 */
public final class IncompatibleShapeException extends IllegalArgumentException {
    private final String expectation;
    private final Shape got;

    /** A layer cannot take inputs of shape {@code got}; {@code expectation} says what it needs. */
    public IncompatibleShapeException(String expectation, Shape got) {
        super(expectation + " but got " + Shapes.batched(got));
        this.expectation = expectation;
        this.got = got;
    }

    /** E.g. {@code Conv2D 'conv2d' expects input of rank 4 (batch, height, width, channels)}. */
    public String expectation() { return expectation; }

    /** The sample shape it got (without the batch axis). */
    public Shape got() { return got; }
}
