package dev.myelin.regularizers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code L1L2}: {@code l1 * sum(|w|) + l2 * sum(w^2)}. As in Keras, the constructor's
 * defaults are 0 and 0, while the name {@code "l1_l2"} means 0.01 and 0.01.
 */
public final class L1L2 implements Regularizer {
    private final float l1;
    private final float l2;

    /** Factors {@code l1} and {@code l2} (each at least 0). */
    public L1L2(double l1, double l2) {
        this.l1 = Regularizers.factor("l1", l1);
        this.l2 = Regularizers.factor("l2", l2);
    }

    /** The L1 factor. */
    public float l1() { return l1; }

    /** The L2 factor. */
    public float l2() { return l2; }

    @Override
    public Tensor penalty(Tensor weights) {
        Tensor p = null;
        if (l1 != 0f) p = Ops.mulScalar(Ops.sum(Ops.abs(weights)), l1);
        if (l2 != 0f) {
            Tensor q = Ops.mulScalar(Ops.sum(Ops.square(weights)), l2);
            p = p == null ? q : Ops.add(p, q);
        }
        return p != null ? p : Ops.mulScalar(Ops.sum(weights), 0f);
    }

    @Override
    public String className() { return "L1L2"; }

    @Override
    public JsonObject config() {
        JsonObject c = new JsonObject();
        c.addProperty("l1", l1);
        c.addProperty("l2", l2);
        return c;
    }
}
