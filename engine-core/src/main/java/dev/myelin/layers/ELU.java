package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code ELU} layer: {@code x} where positive, {@code alpha * (e^x - 1)} elsewhere; alpha 1 by default. */
public final class ELU extends Layer {
    private final float alpha;

    /** Alpha 1. */
    public ELU() {
        this(1.0);
    }

    /** Alpha {@code alpha}: the negative part saturates at {@code -alpha}. */
    public ELU(double alpha) {
        this.alpha = (float) alpha;
    }

    /** The scale of the negative part. */
    public float alpha() { return alpha; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        return input;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Ops.elu(x, alpha);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("alpha", alpha);
        return c;
    }

    static ELU fromConfig(ConfigReader c) {
        return ConfigValues.named(new ELU(c.floatNumber("alpha")), c);
    }
}
