package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.PoolMode;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code GlobalAveragePooling1D}: the mean over all steps, per channel; with a mask (from an
 * Embedding with {@code maskZero}), the mean over the unmasked steps only, as Keras computes it
 * ({@code sum(x * mask) / sum(mask)}).
 */
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

    @Override
    public Tensor call(Tensor x, Tensor mask, boolean training) {
        if (mask == null) return call(x, training);
        int n = x.dim(0), steps = x.dim(1), channels = x.dim(2);
        Tensor kept = Ops.mul(x, Ops.broadcastLastAxis(mask, channels));
        Tensor sums = Ops.mulScalar(call(kept, training), steps).reshape(n, channels);
        Tensor counts = Ops.broadcastLastAxis(Ops.sumLastAxis(mask), channels);
        Tensor mean = Ops.div(sums, counts);
        return keepdims ? mean.reshape(n, 1, channels) : mean;
    }

    static GlobalAveragePooling1D fromConfig(ConfigReader c) {
        return configure(new GlobalAveragePooling1D(), c);
    }
}
