package dev.myelin.regularizers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Keras's {@code L1}: {@code l1 * sum(|w|)}; {@code l1} is 0.01 by default and for the name {@code "l1"}. */
public final class L1 implements Regularizer {
    private final float l1;

    /** {@code l1 = 0.01}. */
    public L1() {
        this(0.01);
    }

    /** Factor {@code l1} (at least 0). */
    public L1(double l1) {
        this.l1 = Regularizers.factor("l1", l1);
    }

    /** The factor. */
    public float l1() { return l1; }

    @Override
    public Tensor penalty(Tensor weights) {
        return Ops.mulScalar(Ops.sum(Ops.abs(weights)), l1);
    }

    @Override
    public String className() { return "L1"; }

    @Override
    public JsonObject config() {
        JsonObject c = new JsonObject();
        c.addProperty("l1", l1);
        return c;
    }
}
