package dev.myelin.layers;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.List;

/** Keras's {@code Multiply}: the product of its inputs, broadcast as {@link Merge} says; e.g. {@code new Multiply().apply(a, b)}. */
public final class Multiply extends Merge {

    /** A Multiply layer. */
    public Multiply() {}

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor y = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) y = Ops.mul(y, inputs.get(i));
        return y;
    }
}
