package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code Flatten}: every axis but the batch axis becomes one. */
public final class Flatten extends Layer {

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() < 1) throw incompatible("expects input of rank 2 or more", input);
        return Shape.of(input.sizeAsInt());
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x.rank() == 2 ? x : Ops.flatten(x);
    }

    static Flatten fromConfig(ConfigReader c) {
        Flatten f = new Flatten();
        f.named(c.name());
        return f;
    }
}
