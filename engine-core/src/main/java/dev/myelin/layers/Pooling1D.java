package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Padding;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's 1-D pooling over {@code (None, steps, channels)}: windows of {@code poolSize} steps,
 * {@code strides} apart (default {@code poolSize}), padding {@code valid} or {@code same}. Runs as
 * the backend's 2-D pooling of a one-row image.
 */
public abstract class Pooling1D extends Layer {
    private final PoolMode mode;
    final int poolSize;
    int strides;
    Padding padding = Padding.VALID;

    Pooling1D(PoolMode mode, int poolSize) {
        if (poolSize < 1) throw new IllegalArgumentException(getClass().getSimpleName() + " poolSize must be at least 1, got " + poolSize);
        this.mode = mode;
        this.poolSize = poolSize;
        this.strides = poolSize;
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 2) throw incompatible("expects sequences of shape (batch, steps, channels)", input);
        if (padding == Padding.VALID && input.dim(0) < poolSize) throw incompatible("needs at least " + poolSize + " steps", input);
        if (padding.paddedLength(input.dim(0), poolSize, strides) > Integer.MAX_VALUE) {
            throw incompatible("with pool size " + poolSize + " and padding \"same\" would pad the steps past 2147483647", input);
        }
        return Shape.of(padding.outputLength(input.dim(0), poolSize, strides), input.dim(1));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int n = x.dim(0), steps = x.dim(1), channels = x.dim(2);
        Pool2dGeometry g = Pool2dGeometry.of(n, 1, steps, channels, 1, poolSize, 1, strides, padding);
        Tensor y = Ops.pool2d(mode, x.reshape(n, 1, steps, channels), g);
        return y.reshape(n, g.outW(), channels);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("pool_size", poolSize);
        c.addProperty("strides", strides);
        c.addProperty("padding", padding.name().toLowerCase(java.util.Locale.ROOT));
        return c;
    }

    static <L extends Pooling1D> L configure(L layer, ConfigReader c) {
        layer.strides = c.integer("strides", 1, Integer.MAX_VALUE, layer.poolSize); // Keras writes None for "as pool_size"
        layer.padding = c.parsed("padding", Padding::parse);
        return ConfigValues.named(layer, c);
    }
}
