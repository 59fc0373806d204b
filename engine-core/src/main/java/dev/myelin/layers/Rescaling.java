package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code Rescaling}: {@code x * scale + offset}, e.g. {@code new Rescaling(1.0 / 255)} for pixels. */
public final class Rescaling extends Layer {
    private final float scale;
    private final float offset;

    /** {@code x * scale} (offset 0, Keras's default). */
    public Rescaling(double scale) {
        this(scale, 0.0);
    }

    /** {@code x * scale + offset}. */
    public Rescaling(double scale, double offset) {
        this.scale = (float) scale;
        this.offset = (float) offset;
    }

    /** The factor. */
    public float scale() { return scale; }

    /** The value added after scaling. */
    public float offset() { return offset; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        return input;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor y = scale == 1f ? x : Ops.mulScalar(x, scale);
        return offset == 0f ? y : Ops.addScalar(y, offset);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("scale", scale);
        c.addProperty("offset", offset);
        return c;
    }

    static Rescaling fromConfig(ConfigReader c) {
        return ConfigValues.named(new Rescaling(c.floatNumber("scale"), c.floatNumber("offset")), c);
    }
}
