package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.PoolMode;

/** Keras's {@code GlobalAveragePooling2D}: the average of each channel over the whole image. */
public final class GlobalAveragePooling2D extends GlobalPooling2D {

    /** Pools to {@code (batch, channels)}; see {@link #keepdims(boolean)}. */
    public GlobalAveragePooling2D() {
        super(PoolMode.AVERAGE);
    }

    static GlobalAveragePooling2D fromConfig(ConfigReader c) {
        GlobalAveragePooling2D p = new GlobalAveragePooling2D();
        p.keepdims(c.bool("keepdims", false));
        return ConfigValues.named(p, c);
    }
}
