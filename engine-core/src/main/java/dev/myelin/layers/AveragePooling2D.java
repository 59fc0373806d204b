package dev.myelin.layers;

import dev.myelin.backend.PoolMode;

/** Keras's {@code AveragePooling2D}: the mean of each window; padded pixels are not counted. */
public final class AveragePooling2D extends Pooling2D<AveragePooling2D> {

    /** Averages over square {@code pool} by {@code pool} windows, strided by the window. */
    public AveragePooling2D(int pool) {
        this(pool, pool);
    }

    /** Averages over {@code poolH} by {@code poolW} windows, strided by the window (Keras's default). */
    public AveragePooling2D(int poolH, int poolW) {
        super(PoolMode.AVERAGE, poolH, poolW);
    }

    static AveragePooling2D fromConfig(ConfigReader c) {
        int[] p = readPair(c, "pool_size");
        return new AveragePooling2D(p[0], p[1]).restoreWindow(c);
    }
}
