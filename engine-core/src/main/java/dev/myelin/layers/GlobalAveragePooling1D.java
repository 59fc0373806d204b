package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.PoolMode;

/** Keras's {@code GlobalAveragePooling1D}: the mean over all steps, per channel. */
public final class GlobalAveragePooling1D extends GlobalPooling1D {
    /** Keras's default, without {@code keepdims}. */
    public GlobalAveragePooling1D() {
        super(PoolMode.AVERAGE);
    }

    /** Whether the steps axis stays, with length 1. */
    public GlobalAveragePooling1D keepdims(boolean value) {
        this.keepdims = value;
        return this;
    }

    static GlobalAveragePooling1D fromConfig(JsonObject c) {
        return configure(new GlobalAveragePooling1D(), c);
    }
}
