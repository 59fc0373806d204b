package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Padding;
import dev.myelin.backend.PoolMode;

/** Keras's {@code MaxPooling1D}: the largest value of each window of steps, per channel. */
public final class MaxPooling1D extends Pooling1D {
    /** Keras's default: windows of 2 steps, 2 apart. */
    public MaxPooling1D() {
        this(2);
    }

    /** Windows of {@code poolSize} steps, {@code poolSize} apart. */
    public MaxPooling1D(int poolSize) {
        super(PoolMode.MAX, poolSize);
    }

    /** The step between windows. */
    public MaxPooling1D strides(int value) {
        if (value < 1) throw new IllegalArgumentException(describe() + ": strides must be at least 1, got " + value);
        this.strides = value;
        return this;
    }

    /** {@code valid} or {@code same}. */
    public MaxPooling1D padding(String value) {
        this.padding = Padding.parse(value);
        return this;
    }

    static MaxPooling1D fromConfig(ConfigReader c) {
        return configure(new MaxPooling1D(c.integer("pool_size", 1, Integer.MAX_VALUE)), c);
    }
}
