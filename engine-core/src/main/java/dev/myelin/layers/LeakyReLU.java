package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code LeakyReLU}: {@code x} where {@code x >= 0}, {@code negative_slope * x} elsewhere.
 * Keras 3's default slope is 0.3; {@code alpha} is Keras 2's name for it, still accepted.
 */
public final class LeakyReLU extends Layer {
    /** Keras 3's default negative slope for the layer (the activation by name uses 0.2). */
    public static final float DEFAULT_NEGATIVE_SLOPE = 0.3f;

    private float negativeSlope;

    /** Slope 0.3. */
    public LeakyReLU() {
        this(DEFAULT_NEGATIVE_SLOPE);
    }

    /** Slope {@code negativeSlope} (at least 0). */
    public LeakyReLU(double negativeSlope) {
        negativeSlope(negativeSlope);
    }

    /** Sets the slope below 0 (at least 0). */
    public LeakyReLU negativeSlope(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("LeakyReLU negative_slope must be at least 0, got " + value);
        this.negativeSlope = (float) value;
        return this;
    }

    /** Keras 2's name of {@link #negativeSlope(double)}. */
    public LeakyReLU alpha(double value) {
        return negativeSlope(value);
    }

    /** The slope below 0. */
    public float negativeSlope() { return negativeSlope; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        return input;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Ops.leakyRelu(x, negativeSlope);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("negative_slope", negativeSlope);
        return c;
    }

    static LeakyReLU fromConfig(ConfigReader c) {
        float slope = c.has("negative_slope") || !c.has("alpha") ? c.floatNumber("negative_slope") : c.floatNumber("alpha");
        return ConfigValues.named(new LeakyReLU(slope), c);
    }
}
