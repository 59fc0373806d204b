package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Padding;
import dev.myelin.backend.PoolMode;

/** Keras's {@code AveragePooling1D}: the mean, padding not counted, of each window of steps, per channel. */
public final class AveragePooling1D extends Pooling1D {
    /** Keras's default: windows of 2 steps, 2 apart. */
    public AveragePooling1D() {
        this(2);
    }

    /** Windows of {@code poolSize} steps, {@code poolSize} apart. */
    public AveragePooling1D(int poolSize) {
        super(PoolMode.AVERAGE, poolSize);
    }

    /** The step between windows. */
    public AveragePooling1D strides(int value) {
        if (value < 1) throw new IllegalArgumentException(describe() + ": strides must be at least 1, got " + value);
        this.strides = value;
        return this;
    }

    /** {@code valid} or {@code same}. */
    public AveragePooling1D padding(String value) {
        this.padding = Padding.parse(value);
        return this;
    }

    static AveragePooling1D fromConfig(ConfigReader c) {
        return configure(new AveragePooling1D(c.integer("pool_size", 1, Integer.MAX_VALUE)), c);
    }
}
