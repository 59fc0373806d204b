package dev.myelin.layers;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.List;

/** Keras's {@code Maximum}: the elementwise maximum of its inputs (the gradient goes to the first input that holds it), broadcast as {@link Merge} says; e.g. {@code new Maximum().apply(a, b)}. */
public final class Maximum extends Merge {

    /** A Maximum layer. */
    public Maximum() {}

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor y = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) y = Ops.maximum(y, inputs.get(i));
        return y;
    }
}
