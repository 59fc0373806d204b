package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.CounterRandom;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Dropout}: while training, zeroes each value with probability {@code rate} and
 * scales the rest by {@code 1/(1-rate)}; at inference, the identity. The mask comes from a
 * counter-based generator keyed by the layer's seed (from the model's) and the call count, so runs
 * are reproducible and the backward regenerates the mask instead of storing it.
 */
public final class Dropout extends Layer implements RandomStream {
    private final float rate;
    private long seed = WeightFactory.DEFAULT_SEED;
    private long calls;

    /** Zeroes each input with probability {@code rate} in training and scales the rest by {@code 1/(1-rate)}; the identity in inference. */
    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Dropout rate must be in [0, 1), got " + rate);
        this.rate = (float) rate;
    }

    /** The fraction of inputs dropped in training. */
    public float rate() { return rate; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        return input;
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        seed = weights.nextSeed();
    }

    /** Keras's {@code supports_masking}: a mask passes through unchanged. */
    @Override
    public boolean supportsMasking() { return true; }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0f) return x;
        return Ops.dropout(x, rate, CounterRandom.bits(seed, calls++));
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("rate", rate);
        return c;
    }

    static Dropout fromConfig(ConfigReader c) {
        Dropout d = new Dropout(c.number("rate", 0, 1, false));
        d.named(c.name());
        return d;
    }

    @Override
    public long randomPosition() { return calls; }

    @Override
    public void seekRandom(long position) { this.calls = position; }
}
