package dev.myelin.layers;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.List;

/** Keras's {@code Subtract}: the first input minus the second (exactly two inputs), broadcast as {@link Merge} says; e.g. {@code new Subtract().apply(a, b)}. */
public final class Subtract extends Merge {

    /** A Subtract layer. */
    public Subtract() {}

    @Override
    protected int minInputs() { return 2; }

    @Override
    protected int maxInputs() { return 2; }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return Ops.sub(inputs.get(0), inputs.get(1));
    }
}
