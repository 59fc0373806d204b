package dev.myelin.layers;

import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.List;

/** Keras's {@code Average}: the mean of its inputs, broadcast as {@link Merge} says; e.g. {@code new Average().apply(a, b)}. */
public final class Average extends Merge {

    /** An Average layer. */
    public Average() {}

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor y = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) y = Ops.add(y, inputs.get(i));
        return inputs.size() == 1 ? y : Ops.mulScalar(y, 1f / inputs.size());
    }
}
