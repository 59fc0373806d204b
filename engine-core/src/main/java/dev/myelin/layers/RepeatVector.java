package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code RepeatVector}: {@code (batch, features)} to {@code (batch, n, features)}, each row repeated {@code n} times. */
public final class RepeatVector extends Layer {
    private final int n;

    /** Repeats each vector {@code n} times. */
    public RepeatVector(int n) {
        if (n < 1) throw new IllegalArgumentException("RepeatVector needs n of at least 1, got " + n);
        this.n = n;
    }

    /** How many times each vector is repeated. */
    public int n() { return n; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 1) throw incompatible("expects input of rank 2 (batch, features)", input);
        return Shape.of(n, input.dim(0));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Ops.transpose(Ops.broadcastLastAxis(x, n), 0, 2, 1); // (N, F, n) -> (N, n, F)
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("n", n);
        return c;
    }

    static RepeatVector fromConfig(ConfigReader c) {
        return ConfigValues.named(new RepeatVector(c.integer("n", 1, Integer.MAX_VALUE)), c);
    }
}
