package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.SequenceOps;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code UpSampling1D}: repeats each step {@code size} times, {@code (None, steps, c)} to {@code (None, steps*size, c)}. */
public final class UpSampling1D extends Layer {
    private final int size;
    private WindowIndex repeat;

    /** Keras's default: each step twice. */
    public UpSampling1D() {
        this(2);
    }

    /** Each step {@code size} times. */
    public UpSampling1D(int size) {
        if (size < 1) throw new IllegalArgumentException("UpSampling1D size must be at least 1, got " + size);
        this.size = size;
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 2) throw incompatible("expects sequences of shape (batch, steps, channels)", input);
        long steps = (long) input.dim(0) * size;
        if (steps > Integer.MAX_VALUE) {
            throw incompatible("with size " + size + " would make " + steps + " steps, more than an axis can hold", input);
        }
        return Shape.of((int) steps, input.dim(1));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (repeat == null) repeat = new WindowIndex((i, j) -> i, x.dim(1), size);
        return SequenceOps.gather(x, repeat.get(x.backend()));
    }

    @Override
    public void release() {
        super.release();
        if (repeat != null) repeat.close();
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("size", size);
        return c;
    }

    static UpSampling1D fromConfig(ConfigReader c) {
        return ConfigValues.named(new UpSampling1D(c.integer("size", 1, Integer.MAX_VALUE)), c);
    }
}
