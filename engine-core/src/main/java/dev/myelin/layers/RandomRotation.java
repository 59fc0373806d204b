package dev.myelin.layers;

import com.google.gson.JsonObject;

/**
 * Keras's {@code RandomRotation}: in training, rotates each image about its centre by an angle drawn
 * uniformly from {@code factor} turns: {@code factor} {@code f} means {@code [-f, f] * 2 pi}, a pair
 * {@code (lower, upper)} means {@code [lower, upper] * 2 pi}. Keras's rotation matrix and offsets.
 */
public final class RandomRotation extends RandomAffineLayer {
    private final float lower, upper;

    /** Angles in {@code [-factor, factor] * 2 pi}. */
    public RandomRotation(double factor) {
        this(new double[] {-Math.abs(factor), Math.abs(factor)});
    }

    /** Angles in {@code [range[0], range[1]] * 2 pi}. */
    public RandomRotation(double[] range) {
        requirePair("factor", range);
        float[] f = symmetricFactor("RandomRotation", "factor", range[0], range[1], Double.MAX_VALUE);
        this.lower = f[0];
        this.upper = f[1];
    }

    @Override
    protected void transform(long draws, int i, int height, int width, float[] t, int o) {
        double angle = uniform(draws, i, lower, upper) * 2 * Math.PI;
        double cos = Math.cos(angle), sin = Math.sin(angle), w1 = width - 1, h1 = height - 1;
        t[o] = (float) cos;
        t[o + 1] = (float) -sin;
        t[o + 2] = (float) ((w1 - (cos * w1 - sin * h1)) / 2);
        t[o + 3] = (float) sin;
        t[o + 4] = (float) cos;
        t[o + 5] = (float) ((h1 - (sin * w1 + cos * h1)) / 2);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add("factor", ConfigValues.floats(lower, upper));
        return c;
    }

    static RandomRotation fromConfig(ConfigReader c) {
        return restoreAffine(new RandomRotation(factor(c, "factor")), c);
    }
}
