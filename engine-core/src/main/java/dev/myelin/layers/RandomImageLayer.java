package dev.myelin.layers;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.myelin.backend.CounterRandom;
import dev.myelin.tensor.Shape;

/**
 * What the image augmentation layers share: NHWC input, Keras's {@code seed}, and counter-based
 * draws: call {@code k} of a layer draws from stream {@code bits(seed, k)}, computed on the host
 * with {@link CounterRandom}, so every backend augments the same batch the same way. Without a seed
 * the layer takes one from the model's seed, as Dropout does. Active in training only (Keras).
 */
public abstract class RandomImageLayer extends Layer implements RandomStream {
    private Long seed;
    private long stream = WeightFactory.DEFAULT_SEED;
    private long calls;

    /** Fixes the random stream (Keras's {@code seed}); by default it follows the model's seed. */
    public RandomImageLayer seed(long value) {
        this.seed = value;
        this.stream = value;
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 3) throw incompatible("expects input of rank 4 (batch, height, width, channels)", input);
        return input;
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        long modelSeed = weights.nextSeed();
        stream = seed != null ? seed : modelSeed;
    }

    /** The stream of this call's draws; each call gets a new one. */
    protected final long nextDraws() {
        return CounterRandom.bits(stream, calls++);
    }

    /** Draw {@code index} of {@code draws}, uniform in {@code [low, high)}. */
    protected static float uniform(long draws, long index, float low, float high) {
        return low + (high - low) * CounterRandom.uniform(draws, index);
    }

    /** Keras's factor: one number {@code f} means {@code (-|f|, |f|)}; checked to lie in {@code [-limit, limit]}. */
    static float[] symmetricFactor(String layer, String name, double lower, double upper, double limit) {
        if (Math.abs(lower) > limit || Math.abs(upper) > limit) {
            throw new IllegalArgumentException(layer + " " + name + " must lie in [-" + limit + ", " + limit + "], got (" + lower + ", " + upper + ")");
        }
        return new float[] {(float) Math.min(lower, upper), (float) Math.max(lower, upper)};
    }

    /** Keras's factor from a config: one number {@code f} read as {@code (-|f|, |f|)}, or a pair {@code (lower, upper)}. */
    static double[] factor(ConfigReader c, String key) {
        double[] f = c.numberOrPair(key);
        return f.length == 2 ? f : new double[] {-Math.abs(f[0]), Math.abs(f[0])};
    }

    /** Checks that a range is Keras's {@code (lower, upper)} pair. */
    final void requirePair(String name, double[] range) {
        if (range == null || range.length != 2) {
            throw new IllegalArgumentException(typeName() + " " + name + " must be one number or two (lower, upper), got "
                    + java.util.Arrays.toString(range));
        }
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        if (seed == null) c.add("seed", JsonNull.INSTANCE);
        else c.addProperty("seed", seed);
        return c;
    }

    /** Restores the seed from a config (the last step of a subclass's {@code fromConfig}). */
    static <L extends RandomImageLayer> L restore(L layer, ConfigReader c) {
        Long seed = c.optionalLong("seed");
        if (seed != null) layer.seed(seed);
        return ConfigValues.named(layer, c);
    }

    @Override
    public long randomPosition() { return calls; }

    @Override
    public void seekRandom(long position) { this.calls = position; }
}
