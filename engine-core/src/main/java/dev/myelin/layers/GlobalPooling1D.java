package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's global 1-D pooling: {@code (None, steps, channels)} to {@code (None, channels)}, or
 * {@code (None, 1, channels)} with {@code keepdims}; one window over all steps of the backend's
 * 2-D pooling.
 */
public abstract class GlobalPooling1D extends Layer {
    private final PoolMode mode;
    boolean keepdims;

    GlobalPooling1D(PoolMode mode) {
        this.mode = mode;
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 2) throw incompatible("expects sequences of shape (batch, steps, channels)", input);
        return keepdims ? Shape.of(1, input.dim(1)) : Shape.of(input.dim(1));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int n = x.dim(0), steps = x.dim(1), channels = x.dim(2);
        Pool2dGeometry g = new Pool2dGeometry(n, 1, steps, channels, 1, steps, 1, steps, 0, 0, 0, 0);
        Tensor y = Ops.pool2d(mode, x.reshape(n, 1, steps, channels), g);
        return keepdims ? y.reshape(n, 1, channels) : y.reshape(n, channels);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("keepdims", keepdims);
        return c;
    }

    static <L extends GlobalPooling1D> L configure(L layer, ConfigReader c) {
        layer.keepdims = c.bool("keepdims", false);
        return ConfigValues.named(layer, c);
    }
}
