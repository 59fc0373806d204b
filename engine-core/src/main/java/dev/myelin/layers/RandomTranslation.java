package dev.myelin.layers;

import com.google.gson.JsonObject;

/**
 * Keras's {@code RandomTranslation}: in training, shifts each image by a fraction of its height
 * and of its width, each drawn from its factor ({@code f} means {@code [-f, f]}, within [-1, 1]).
 */
public final class RandomTranslation extends RandomAffineLayer {
    private final float[] height, width;

    /** Shifts within {@code [-heightFactor, heightFactor]} of the height and {@code [-widthFactor, widthFactor]} of the width. */
    public RandomTranslation(double heightFactor, double widthFactor) {
        this(new double[] {-Math.abs(heightFactor), Math.abs(heightFactor)}, new double[] {-Math.abs(widthFactor), Math.abs(widthFactor)});
    }

    /** Shifts within {@code [height[0], height[1]]} of the height and {@code [width[0], width[1]]} of the width. */
    public RandomTranslation(double[] height, double[] width) {
        requirePair("height_factor", height);
        requirePair("width_factor", width);
        this.height = symmetricFactor("RandomTranslation", "height_factor", height[0], height[1], 1);
        this.width = symmetricFactor("RandomTranslation", "width_factor", width[0], width[1], 1);
    }

    @Override
    protected void transform(long draws, int i, int h, int w, float[] t, int o) {
        float dy = uniform(draws, 2L * i, height[0], height[1]) * h;
        float dx = uniform(draws, 2L * i + 1, width[0], width[1]) * w;
        t[o] = 1;
        t[o + 1] = 0;
        t[o + 2] = -dx;
        t[o + 3] = 0;
        t[o + 4] = 1;
        t[o + 5] = -dy;
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add("height_factor", ConfigValues.floats(height));
        c.add("width_factor", ConfigValues.floats(width));
        return c;
    }

    static RandomTranslation fromConfig(ConfigReader c) {
        return restoreAffine(new RandomTranslation(factor(c, "height_factor"), factor(c, "width_factor")), c);
    }
}
