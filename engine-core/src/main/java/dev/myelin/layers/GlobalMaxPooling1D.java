package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.PoolMode;

/** Keras's {@code GlobalMaxPooling1D}: the largest value over all steps, per channel. */
public final class GlobalMaxPooling1D extends GlobalPooling1D {
    /** Keras's default, without {@code keepdims}. */
    public GlobalMaxPooling1D() {
        super(PoolMode.MAX);
    }

    /** Whether the steps axis stays, with length 1. */
    public GlobalMaxPooling1D keepdims(boolean value) {
        this.keepdims = value;
        return this;
    }

    static GlobalMaxPooling1D fromConfig(ConfigReader c) {
        return configure(new GlobalMaxPooling1D(), c);
    }
}
