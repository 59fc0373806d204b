package dev.myelin.layers;

import dev.myelin.backend.PoolMode;

/** Keras's {@code AveragePooling2D}: the mean of each window; padded pixels are not counted. */
public final class AveragePooling2D extends Pooling2D<AveragePooling2D> {

    public AveragePooling2D(int pool) {
        this(pool, pool);
    }

    public AveragePooling2D(int poolH, int poolW) {
        super(PoolMode.AVERAGE, poolH, poolW);
    }

    static AveragePooling2D fromConfig(ConfigReader c) {
        int[] p = readPair(c, "pool_size");
        return new AveragePooling2D(p[0], p[1]).restoreWindow(c);
    }
}
