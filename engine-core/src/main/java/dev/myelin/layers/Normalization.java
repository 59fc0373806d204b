package dev.myelin.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.backend.ScalarOp;
import dev.myelin.data.Dataset;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Arrays;

/**
 * Keras's {@code Normalization} over the last axis (Keras's default {@code axis=-1}, the only one
 * supported): {@code (x - mean) / max(sqrt(variance), 1e-7)} per feature, or with {@code invert}
 * {@code mean + x * max(sqrt(variance), 1e-7)}. The statistics are given ({@code mean},
 * {@code variance}: one value, or one per feature; then the layer has no weights, as in Keras) or
 * learned with {@link #adapt}; learned ones are non-trainable weights {@code mean}, {@code variance}
 * and Keras's {@code count} (kept at 0, as Keras 3 does), saved with the model.
 */
public final class Normalization extends Layer {
    /** Keras's {@code backend.epsilon()}: the smallest standard deviation divided by. */
    static final float EPSILON = 1e-7f;

    private final float[] givenMean, givenVariance;
    private boolean invert;
    private double[] adaptedMean, adaptedVariance;
    private Tensor mean, variance;          // the weights when learned, constants on the device when given
    private int features;

    /** Statistics to be learned with {@link #adapt}. */
    public Normalization() {
        this.givenMean = null;
        this.givenVariance = null;
    }

    /** Given statistics: one value each, or one per feature of the last axis. */
    public Normalization(float[] mean, float[] variance) {
        if (mean == null || variance == null || mean.length != variance.length || mean.length == 0) {
            throw new IllegalArgumentException("Normalization: mean and variance must both be set, with the same length; got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(variance));
        }
        for (float v : variance) {
            if (!(v >= 0)) throw new IllegalArgumentException("Normalization: a variance cannot be negative, got " + Arrays.toString(variance));
        }
        this.givenMean = mean.clone();
        this.givenVariance = variance.clone();
    }

    /** Given statistics shared by every feature. */
    public Normalization(double mean, double variance) {
        this(new float[] {(float) mean}, new float[] {(float) variance});
    }

    /** De-normalizes instead: {@code mean + x * std}. */
    public Normalization invert(boolean value) {
        this.invert = value;
        return this;
    }

    /** Whether this layer de-normalizes. */
    public boolean invert() { return invert; }

    /**
     * Learns each feature's mean and (population) variance from {@code data}: samples of
     * {@code sampleShape}, the last axis the features, every other axis and the samples reduced.
     */
    public Normalization adapt(float[] data, Shape sampleShape) {
        if (givenMean != null) throw new IllegalStateException(describe() + " was given its mean and variance; adapt() would replace them");
        int c = sampleShape.dim(-1);
        if (c < 1 || data.length == 0 || data.length % c != 0 || data.length % sampleShape.size() != 0) {
            throw new IllegalArgumentException(describe() + ".adapt: " + data.length + " values are not whole samples of shape " + sampleShape);
        }
        if (isBuilt() && c != features) {
            throw new IllegalArgumentException(describe() + " was built for " + features + " features; adapt() got samples of shape " + sampleShape);
        }
        long rows = data.length / c;
        double[] m = new double[c], v = new double[c];
        for (long r = 0; r < rows; r++) for (int j = 0; j < c; j++) m[j] += data[(int) (r * c + j)];
        for (int j = 0; j < c; j++) m[j] /= rows;
        for (long r = 0; r < rows; r++) {
            for (int j = 0; j < c; j++) {
                double d = data[(int) (r * c + j)] - m[j];
                v[j] += d * d;
            }
        }
        for (int j = 0; j < c; j++) v[j] /= rows;
        adaptedMean = m;
        adaptedVariance = v;
        if (isBuilt()) assignAdapted();
        return this;
    }

    /** Learns the statistics from a data set's samples. */
    public Normalization adapt(Dataset data) {
        return adapt(data.x(), data.sampleShape());
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() < 1) throw incompatible("expects input of rank 2 or more (batch, ..., features)", input);
        int c = input.dim(-1);
        if (givenMean != null && givenMean.length != 1 && givenMean.length != c) {
            throw incompatible("has " + givenMean.length + " means and variances for inputs with " + c + " features", input);
        }
        if (adaptedMean != null && adaptedMean.length != c) {
            throw incompatible("was adapted to " + adaptedMean.length + " features", input);
        }
        return input;
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        features = input.dim(-1);
        if (givenMean != null) return;
        Backend be = Backends.current();
        mean = addNonTrainableParam(Scope.escape(be.zeros(Shape.of(features))));
        variance = addNonTrainableParam(Scope.escape(be.full(Shape.of(features), 1f)));
        addNonTrainableParam(Scope.escape(be.zeros(Shape.SCALAR))); // Keras's count, kept for its weight list
        if (adaptedMean != null) assignAdapted();
    }

    private void assignAdapted() {
        Backend be = mean.backend();
        try (Tensor m = be.fromArray(mean.shape(), toFloats(adaptedMean), 0);
             Tensor v = be.fromArray(variance.shape(), toFloats(adaptedVariance), 0)) {
            be.copyInto(m, mean);
            be.copyInto(v, variance);
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Backend be = x.backend();
        if (givenMean != null && (mean == null || mean.backend() != be)) {
            releaseConstants();
            mean = Scope.escape(be.fromArray(Shape.of(features), broadcast(givenMean), 0));
            variance = Scope.escape(be.fromArray(Shape.of(features), broadcast(givenVariance), 0));
        }
        Tensor std = Ops.scalar(ScalarOp.MAX, Ops.sqrt(variance), EPSILON);
        return invert ? Ops.addBias(Ops.scaleLastAxis(x, std), mean)
                : Ops.scaleLastAxis(Ops.addBias(x, Ops.neg(mean)), Ops.scalar(ScalarOp.RDIV, std, 1f));
    }

    private float[] broadcast(float[] v) {
        if (v.length == features) return v;
        float[] out = new float[features];
        Arrays.fill(out, v[0]);
        return out;
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("axis", -1);
        c.add("mean", givenMean == null ? JsonNull.INSTANCE : ConfigValues.floats(givenMean));
        c.add("variance", givenVariance == null ? JsonNull.INSTANCE : ConfigValues.floats(givenVariance));
        c.addProperty("invert", invert);
        return c;
    }

    static Normalization fromConfig(ConfigReader c) {
        if (c.has("axis") && c.integer("axis", Integer.MIN_VALUE, Integer.MAX_VALUE) != -1) {
            throw new InvalidConfigException("field \"axis\": only -1 is supported, found " + c.integer("axis", Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        Normalization n = c.has("mean")
                ? new Normalization(c.floats("mean", 1 << 24), c.floats("variance", 1 << 24))
                : new Normalization();
        n.invert(c.bool("invert", false));
        return ConfigValues.named(n, c);
    }

    private void releaseConstants() {
        if (givenMean == null) return;
        if (mean != null) mean.close();
        if (variance != null) variance.close();
        mean = variance = null;
    }

    @Override
    public void release() {
        super.release();
        releaseConstants();
    }
}
