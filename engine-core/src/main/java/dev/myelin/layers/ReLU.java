package dev.myelin.layers;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code ReLU} layer with its arguments: {@code max_value} (none by default) caps the
 * output, {@code negative_slope} (0) is the slope below the threshold, {@code threshold} (0) is
 * where it turns on. As Keras 3's {@code activations.relu}: {@code x} where {@code x > threshold}
 * (capped at {@code max_value}), else 0, minus {@code negative_slope * relu(threshold - x)}.
 */
public final class ReLU extends Layer {
    private Float maxValue;
    private float negativeSlope;
    private float threshold;

    /** Plain relu; see {@link #maxValue}, {@link #negativeSlope}, {@link #threshold}. */
    public ReLU() {}

    /** Caps the output at {@code value} (at least 0). */
    public ReLU maxValue(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("ReLU max_value cannot be negative, got " + value);
        this.maxValue = (float) value;
        return this;
    }

    /** The slope below the threshold (at least 0). */
    public ReLU negativeSlope(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("ReLU negative_slope cannot be negative, got " + value);
        this.negativeSlope = (float) value;
        return this;
    }

    /** Where the unit turns on (at least 0). */
    public ReLU threshold(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("ReLU threshold cannot be negative, got " + value);
        this.threshold = (float) value;
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        return input;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (maxValue == null && threshold == 0f) return negativeSlope == 0f ? Ops.relu(x) : Ops.leakyRelu(x, negativeSlope);
        Tensor y;
        if (threshold != 0f) { // x where x > threshold, else 0; the mask (sign is not differentiated) is a constant
            Tensor above = Ops.relu(Ops.unary(UnaryOp.SIGN, noGradShift(x, -threshold)));
            y = Ops.mul(x, above);
        } else {
            y = Ops.relu(x);
        }
        if (maxValue != null) y = Ops.scalar(ScalarOp.MIN, y, maxValue);
        if (negativeSlope != 0f) y = Ops.sub(y, Ops.mulScalar(Ops.relu(Ops.scalar(ScalarOp.RSUB, x, threshold)), negativeSlope));
        return y;
    }

    private static Tensor noGradShift(Tensor x, float s) {
        try (AutoCloseable off = Ops.noGrad()) {
            return Ops.addScalar(x, s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        if (maxValue == null) c.add("max_value", JsonNull.INSTANCE);
        else c.addProperty("max_value", maxValue);
        c.addProperty("negative_slope", negativeSlope);
        c.addProperty("threshold", threshold);
        return c;
    }

    static ReLU fromConfig(ConfigReader c) {
        ReLU r = new ReLU().negativeSlope(c.floatNumber("negative_slope")).threshold(c.floatNumber("threshold"));
        if (c.has("max_value")) r.maxValue(c.floatNumber("max_value"));
        return ConfigValues.named(r, c);
    }
}
