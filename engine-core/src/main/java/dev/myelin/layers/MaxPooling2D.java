package dev.myelin.layers;

import dev.myelin.backend.PoolMode;

/** Keras's {@code MaxPooling2D}: the largest value of each window. */
public final class MaxPooling2D extends Pooling2D<MaxPooling2D> {

    /** The maximum over square {@code pool} by {@code pool} windows, strided by the window. */
    public MaxPooling2D(int pool) {
        this(pool, pool);
    }

    /** The maximum over {@code poolH} by {@code poolW} windows, strided by the window (Keras's default). */
    public MaxPooling2D(int poolH, int poolW) {
        super(PoolMode.MAX, poolH, poolW);
    }

    static MaxPooling2D fromConfig(ConfigReader c) {
        int[] p = readPair(c, "pool_size");
        return new MaxPooling2D(p[0], p[1]).restoreWindow(c);
    }
}
