package dev.myelin.layers;

import dev.myelin.backend.PoolMode;

/** Keras's {@code MaxPooling2D}: the largest value of each window. */
public final class MaxPooling2D extends Pooling2D<MaxPooling2D> {

    public MaxPooling2D(int pool) {
        this(pool, pool);
    }

    public MaxPooling2D(int poolH, int poolW) {
        super(PoolMode.MAX, poolH, poolW);
    }

    static MaxPooling2D fromConfig(ConfigReader c) {
        int[] p = readPair(c, "pool_size");
        return new MaxPooling2D(p[0], p[1]).restoreWindow(c);
    }
}
