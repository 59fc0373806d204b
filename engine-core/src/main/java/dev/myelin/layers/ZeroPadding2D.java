package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code ZeroPadding2D}: rows of zeros above and below NHWC images and columns left and
 * right. Keras's forms: {@code ZeroPadding2D()} pads 1 everywhere (the default), {@code (p)},
 * {@code (h, w)} symmetric, {@code (top, bottom, left, right)} for Keras's {@code ((top, bottom), (left, right))}.
 */
public final class ZeroPadding2D extends Layer {
    private final int top, bottom, left, right;

    /** One row and column of zeros on every side (Keras's default {@code (1, 1)}). */
    public ZeroPadding2D() {
        this(1);
    }

    /** {@code p} on every side. */
    public ZeroPadding2D(int p) {
        this(p, p);
    }

    /** {@code h} rows above and below, {@code w} columns left and right. */
    public ZeroPadding2D(int h, int w) {
        this(h, h, w, w);
    }

    /** Keras's {@code ((top, bottom), (left, right))}. */
    public ZeroPadding2D(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("ZeroPadding2D padding must not be negative, got ((" + top + ", " + bottom + "), ("
                    + left + ", " + right + "))");
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    /** {@code {top, bottom, left, right}}. */
    public int[] padding() { return new int[] {top, bottom, left, right}; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 3) throw incompatible("expects input of rank 4 (batch, height, width, channels)", input);
        return Shape.of(input.dim(0) + top + bottom, input.dim(1) + left + right, input.dim(2));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Ops.pad2d(x, top, bottom, left, right);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add("padding", ConfigValues.pairs(top, bottom, left, right));
        c.addProperty("data_format", "channels_last");
        return c;
    }

    static ZeroPadding2D fromConfig(ConfigReader c) {
        int[] p = c.integerPairs("padding", 0, Integer.MAX_VALUE);
        return ConfigValues.named(new ZeroPadding2D(p[0], p[1], p[2], p[3]), c);
    }
}
