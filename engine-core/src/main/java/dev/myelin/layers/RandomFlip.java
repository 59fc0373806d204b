package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.FillMode;
import dev.myelin.backend.ImageInterpolation;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code RandomFlip}: in training, flips each image left-right and/or upside down, each
 * with probability 1/2. {@code mode}: {@code "horizontal"}, {@code "vertical"} or
 * {@code "horizontal_and_vertical"} (the default).
 */
public final class RandomFlip extends RandomImageLayer {
    private final String mode;

    /** Both flips (Keras's default mode). */
    public RandomFlip() {
        this("horizontal_and_vertical");
    }

    /** Flips per {@code mode}: {@code "horizontal"}, {@code "vertical"} or {@code "horizontal_and_vertical"}. */
    public RandomFlip(String mode) {
        if (!mode.equals("horizontal") && !mode.equals("vertical") && !mode.equals("horizontal_and_vertical")) {
            throw new IllegalArgumentException("RandomFlip mode must be \"horizontal\", \"vertical\" or \"horizontal_and_vertical\", got \"" + mode + "\"");
        }
        this.mode = mode;
    }

    /** Which flips this layer draws. */
    public String mode() { return mode; }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (!training) return x;
        int n = x.dim(0), h = x.dim(1), w = x.dim(2);
        boolean horizontal = mode.startsWith("horizontal"), vertical = mode.endsWith("vertical");
        long draws = nextDraws();
        float[] t = new float[n * 6];
        for (int i = 0; i < n; i++) { // draw <= 0.5 flips, as Keras
            boolean flipX = horizontal && uniform(draws, 2L * i, 0, 1) <= 0.5f, flipY = vertical && uniform(draws, 2L * i + 1, 0, 1) <= 0.5f;
            t[i * 6] = flipX ? -1 : 1;
            t[i * 6 + 2] = flipX ? w - 1 : 0;
            t[i * 6 + 4] = flipY ? -1 : 1;
            t[i * 6 + 5] = flipY ? h - 1 : 0;
        }
        // Whole-pixel positions inside the image: nearest reads them exactly.
        return Ops.affineTransform(x, x.backend().fromArray(Shape.of(n, 6), t, 0), ImageInterpolation.NEAREST, FillMode.NEAREST, 0f);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("mode", mode);
        c.addProperty("data_format", "channels_last");
        return c;
    }

    static RandomFlip fromConfig(ConfigReader c) {
        return restore(c.parsed("mode", RandomFlip::new), c);
    }
}
