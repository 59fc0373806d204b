package dev.myelin.layers;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * Keras's {@code RandomZoom}: in training, scales each image about its centre by {@code 1 + z}, z
 * drawn from {@code heightFactor} ({@code f} means {@code [-f, f]}): positive zooms out, negative
 * zooms in. Without a width factor the width keeps the image's aspect (the same zoom), as in Keras.
 */
public final class RandomZoom extends RandomAffineLayer {
    private final float heightLower, heightUpper;
    private float[] width;   // null: the height's zoom

    /** Zoom in {@code [1 - heightFactor, 1 + heightFactor]}, the same for the width. */
    public RandomZoom(double heightFactor) {
        this(new double[] {-Math.abs(heightFactor), Math.abs(heightFactor)});
    }

    /** Keras's {@code RandomZoom(height_factor, width_factor)}: each zoom in {@code [1 - f, 1 + f]}, drawn apart. */
    public RandomZoom(double heightFactor, double widthFactor) {
        this(heightFactor);
        widthFactor(widthFactor);
    }

    /** Zoom in {@code [1 + range[0], 1 + range[1]]}, the same for the width. */
    public RandomZoom(double[] heightRange) {
        requirePair("height_factor", heightRange);
        float[] f = symmetricFactor("RandomZoom", "height_factor", heightRange[0], heightRange[1], 1);
        this.heightLower = f[0];
        this.heightUpper = f[1];
    }

    /** Its own width zoom in {@code [1 - factor, 1 + factor]}. */
    public RandomZoom widthFactor(double factor) {
        return widthFactor(new double[] {-Math.abs(factor), Math.abs(factor)});
    }

    /** Its own width zoom in {@code [1 + range[0], 1 + range[1]]}. */
    public RandomZoom widthFactor(double[] range) {
        requirePair("width_factor", range);
        this.width = symmetricFactor("RandomZoom", "width_factor", range[0], range[1], 1);
        return this;
    }

    @Override
    protected void transform(long draws, int i, int height, int width, float[] t, int o) {
        double zy = 1 + uniform(draws, 2L * i, heightLower, heightUpper);
        double zx = this.width == null ? zy : 1 + uniform(draws, 2L * i + 1, this.width[0], this.width[1]);
        t[o] = (float) zx;
        t[o + 1] = 0;
        t[o + 2] = (float) ((width - 1) / 2.0 * (1 - zx));
        t[o + 3] = 0;
        t[o + 4] = (float) zy;
        t[o + 5] = (float) ((height - 1) / 2.0 * (1 - zy));
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add("height_factor", ConfigValues.floats(heightLower, heightUpper));
        c.add("width_factor", width == null ? JsonNull.INSTANCE : ConfigValues.floats(width));
        return c;
    }

    static RandomZoom fromConfig(ConfigReader c) {
        RandomZoom z = new RandomZoom(factor(c, "height_factor"));
        if (c.has("width_factor")) z.widthFactor(factor(c, "width_factor"));
        return restoreAffine(z, c);
    }
}
