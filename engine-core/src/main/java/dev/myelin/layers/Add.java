package dev.myelin.layers;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.List;

/** Keras's {@code Add}: the sum of its inputs, broadcast as {@link Merge} says; e.g. {@code new Add().apply(a, b)}. */
public final class Add extends Merge {

    /** A Add layer. */
    public Add() {}

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor y = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) y = Ops.add(y, inputs.get(i));
        return y;
    }
}
