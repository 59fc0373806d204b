package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Cropping2D}: drops rows at the top and bottom of NHWC images and columns at the
 * left and right. Keras's forms: {@code Cropping2D()} crops nothing (the default), {@code (c)},
 * {@code (h, w)} symmetric, {@code (top, bottom, left, right)} for Keras's {@code ((top, bottom), (left, right))}.
 */
public final class Cropping2D extends Layer {
    private final int top, bottom, left, right;

    /** Crops nothing (Keras's default {@code ((0, 0), (0, 0))}). */
    public Cropping2D() {
        this(0);
    }

    /** {@code c} rows and columns from every side. */
    public Cropping2D(int c) {
        this(c, c);
    }

    /** {@code h} rows from the top and from the bottom, {@code w} columns from the left and from the right. */
    public Cropping2D(int h, int w) {
        this(h, h, w, w);
    }

    /** Keras's {@code ((top, bottom), (left, right))}. */
    public Cropping2D(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Cropping2D cropping must not be negative, got ((" + top + ", " + bottom + "), ("
                    + left + ", " + right + "))");
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    /** {@code {top, bottom, left, right}}. */
    public int[] cropping() { return new int[] {top, bottom, left, right}; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 3) throw incompatible("expects input of rank 4 (batch, height, width, channels)", input);
        int h = input.dim(0) - top - bottom, w = input.dim(1) - left - right;
        if (h < 1 || w < 1) {
            throw incompatible("crops ((" + top + ", " + bottom + "), (" + left + ", " + right + ")), which leaves nothing of images of "
                    + input.dim(0) + "x" + input.dim(1), input);
        }
        return Shape.of(h, w, input.dim(2));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Ops.crop2d(x, top, left, x.dim(1) - top - bottom, x.dim(2) - left - right);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add("cropping", ConfigValues.pairs(top, bottom, left, right));
        c.addProperty("data_format", "channels_last");
        return c;
    }

    static Cropping2D fromConfig(ConfigReader c) {
        int[] p = c.integerPairs("cropping", 0, Integer.MAX_VALUE);
        return ConfigValues.named(new Cropping2D(p[0], p[1], p[2], p[3]), c);
    }
}
