package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.PoolMode;

/** Keras's {@code GlobalMaxPooling2D}: the maximum of each channel over the whole image. */
public final class GlobalMaxPooling2D extends GlobalPooling2D {

    /** Pools to {@code (batch, channels)}; see {@link #keepdims(boolean)}. */
    public GlobalMaxPooling2D() {
        super(PoolMode.MAX);
    }

    static GlobalMaxPooling2D fromConfig(ConfigReader c) {
        GlobalMaxPooling2D p = new GlobalMaxPooling2D();
        p.keepdims(c.bool("keepdims", false));
        return ConfigValues.named(p, c);
    }
}
