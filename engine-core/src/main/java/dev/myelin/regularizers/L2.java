package dev.myelin.regularizers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Keras's {@code L2}: {@code l2 * sum(w^2)} (no half); {@code l2} is 0.01 by default and for the name {@code "l2"}. */
public final class L2 implements Regularizer {
    private final float l2;

    /** {@code l2 = 0.01}. */
    public L2() {
        this(0.01);
    }

    /** Factor {@code l2} (at least 0). */
    public L2(double l2) {
        this.l2 = Regularizers.factor("l2", l2);
    }

    /** The factor. */
    public float l2() { return l2; }

    @Override
    public Tensor penalty(Tensor weights) {
        return Ops.mulScalar(Ops.sum(Ops.square(weights)), l2);
    }

    @Override
    public String className() { return "L2"; }

    @Override
    public JsonObject config() {
        JsonObject c = new JsonObject();
        c.addProperty("l2", l2);
        return c;
    }
}
