package dev.myelin.layers;

import dev.myelin.tensor.Shape;

/** Shape text as Keras prints it. */
public final class Shapes {
    private Shapes() {}

    /** A sample shape with the batch axis shown as Keras does: {@code (None, 28, 28, 1)}. */
    public static String batched(Shape sample) {
        StringBuilder b = new StringBuilder("(None");
        for (int d : sample.toArray()) b.append(", ").append(d);
        return b.append(')').toString();
    }

    /** A sample shape alone: {@code (28, 28, 1)}, {@code (784,)}. */
    public static String sample(Shape sample) {
        return sample.toString();
    }
}
