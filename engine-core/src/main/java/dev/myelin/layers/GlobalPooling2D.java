package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * What the global poolings share: one pooling window over each whole NHWC image (the backend's
 * pooling op), giving {@code (batch, channels)}, or {@code (batch, 1, 1, channels)} with
 * {@code keepdims} (Keras's argument, default false).
 */
public abstract class GlobalPooling2D extends Layer {
    private final PoolMode mode;
    private boolean keepdims;

    /** A global pooling of {@code mode}. */
    protected GlobalPooling2D(PoolMode mode) {
        this.mode = mode;
    }

    /** Keeps the spatial axes, with size 1. */
    public GlobalPooling2D keepdims(boolean value) {
        this.keepdims = value;
        return this;
    }

    /** Whether the spatial axes are kept with size 1. */
    public boolean keepdims() { return keepdims; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 3) throw incompatible("expects input of rank 4 (batch, height, width, channels)", input);
        return keepdims ? Shape.of(1, 1, input.dim(2)) : Shape.of(input.dim(2));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int h = x.dim(1), w = x.dim(2), c = x.dim(3);
        Tensor y = Ops.pool2d(mode, x, new Pool2dGeometry(x.dim(0), h, w, c, h, w, 1, 1, 0, 0, 0, 0));
        return keepdims ? y : Ops.reshape(y, Shape.of(x.dim(0), c));
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("data_format", "channels_last");
        c.addProperty("keepdims", keepdims);
        return c;
    }
}
