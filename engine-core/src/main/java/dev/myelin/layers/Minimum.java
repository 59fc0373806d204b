package dev.myelin.layers;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.List;

/** Keras's {@code Minimum}: the elementwise minimum of its inputs (the gradient goes to the first input that holds it), broadcast as {@link Merge} says; e.g. {@code new Minimum().apply(a, b)}. */
public final class Minimum extends Merge {

    /** A Minimum layer. */
    public Minimum() {}

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor y = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) y = Ops.minimum(y, inputs.get(i));
        return y;
    }
}
