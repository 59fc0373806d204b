package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code RandomContrast}: in training, each image's channels move away from (or towards)
 * their mean by a factor drawn from {@code [1 - lower, 1 + upper]}: {@code (x - mean) * f + mean},
 * then clipped to {@code valueRange} ({@code [0, 255]} by default, as Keras). One {@code factor}
 * means {@code lower = upper = factor}; both lie in [0, 1].
 */
public final class RandomContrast extends RandomImageLayer {
    private final float lower, upper;
    private float rangeLow = 0, rangeHigh = 255;

    /** Factors in {@code [1 - factor, 1 + factor]}. */
    public RandomContrast(double factor) {
        this(new double[] {factor, factor});
    }

    /** Factors in {@code [1 - factor[0], 1 + factor[1]]}, Keras's {@code (lower, upper)}. */
    public RandomContrast(double[] factor) {
        requirePair("factor", factor);
        double lower = factor[0], upper = factor[1];
        if (!(lower >= 0 && lower <= 1 && upper >= 0 && upper <= 1)) {
            throw new IllegalArgumentException("RandomContrast factor must lie in [0, 1], got (" + lower + ", " + upper + ")");
        }
        this.lower = (float) lower;
        this.upper = (float) upper;
    }

    /** The range the images' values lie in, the output is clipped to: {@code [0, 1]} or {@code [0, 255]} (default). */
    public RandomContrast valueRange(double low, double high) {
        if (!(low < high)) throw new IllegalArgumentException("RandomContrast value_range must be [low, high] with low < high, got [" + low + ", " + high + "]");
        this.rangeLow = (float) low;
        this.rangeHigh = (float) high;
        return this;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (!training) return x;
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        long draws = nextDraws();
        float[] factors = new float[n];
        for (int i = 0; i < n; i++) factors[i] = uniform(draws, i, 1 - lower, 1 + upper);
        Tensor f = Ops.reshape(Ops.broadcastLastAxis(x.backend().fromArray(Shape.of(n), factors, 0), h * w * c), x.shape());
        // Each image's channel means, spread back over its pixels: (N, C) -> (N, C, HW) -> (N, HW, C).
        Tensor means = Ops.reshape(Ops.pool2d(PoolMode.AVERAGE, x, new Pool2dGeometry(n, h, w, c, h, w, 1, 1, 0, 0, 0, 0)), Shape.of(n, c));
        Tensor m = Ops.reshape(Ops.transpose(Ops.broadcastLastAxis(means, h * w), 0, 2, 1), x.shape());
        Tensor y = Ops.add(Ops.mul(Ops.sub(x, m), f), m);
        return Ops.scalar(ScalarOp.MIN, Ops.scalar(ScalarOp.MAX, y, rangeLow), rangeHigh);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add("factor", ConfigValues.floats(lower, upper));
        c.add("value_range", ConfigValues.floats(rangeLow, rangeHigh));
        return c;
    }

    static RandomContrast fromConfig(ConfigReader c) {
        double[] f = c.numberOrPair("factor");
        RandomContrast r = f.length == 1 ? new RandomContrast(f[0]) : new RandomContrast(f);
        if (c.has("value_range")) {
            double[] v = c.numberOrPair("value_range");
            if (v.length != 2) throw c.invalid("value_range", "a pair [low, high] of numbers");
            r.valueRange(v[0], v[1]);
        }
        return restore(r, c);
    }
}
