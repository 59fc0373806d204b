package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.FillMode;
import dev.myelin.backend.ImageInterpolation;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Locale;

/**
 * The augmentations that move pixels (rotation, zoom, translation): each draws one affine transform
 * per image in training and resamples with the backend's affine transform, with Keras's
 * {@code fill_mode} ({@code "reflect"} by default), {@code interpolation} ({@code "bilinear"}) and
 * {@code fill_value} (0). At inference they pass images through.
 */
public abstract class RandomAffineLayer extends RandomImageLayer {
    private FillMode fillMode = FillMode.REFLECT;
    private ImageInterpolation interpolation = ImageInterpolation.BILINEAR;
    private float fillValue;

    /** {@code "reflect"} (default), {@code "wrap"}, {@code "constant"}, {@code "nearest"}, or {@code "mirror"}. */
    public RandomAffineLayer fillMode(String mode) {
        try {
            this.fillMode = FillMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(typeName() + " fill_mode must be one of reflect, wrap, constant, nearest, mirror; got \"" + mode + "\"");
        }
        return this;
    }

    /** {@code "bilinear"} (default) or {@code "nearest"}. */
    public RandomAffineLayer interpolation(String mode) {
        try {
            this.interpolation = ImageInterpolation.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(typeName() + " interpolation must be \"bilinear\" or \"nearest\", got \"" + mode + "\"");
        }
        return this;
    }

    /** The value read outside the image with fill mode {@code "constant"}. */
    public RandomAffineLayer fillValue(double value) {
        this.fillValue = (float) value;
        return this;
    }

    /**
     * Image {@code i}'s transform from {@code draws}: six numbers {@code t} such that output pixel
     * (row y, column x) reads column {@code t0*x + t1*y + t2}, row {@code t3*x + t4*y + t5}.
     */
    protected abstract void transform(long draws, int i, int height, int width, float[] t, int offset);

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (!training) return x;
        int n = x.dim(0);
        float[] t = new float[n * 6];
        long draws = nextDraws();
        for (int i = 0; i < n; i++) transform(draws, i, x.dim(1), x.dim(2), t, i * 6);
        Tensor transforms = x.backend().fromArray(Shape.of(n, 6), t, 0);
        return Ops.affineTransform(x, transforms, interpolation, fillMode, fillValue);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("fill_mode", fillMode.name().toLowerCase(Locale.ROOT));
        c.addProperty("interpolation", interpolation.name().toLowerCase(Locale.ROOT));
        c.addProperty("fill_value", fillValue);
        c.addProperty("data_format", "channels_last");
        return c;
    }

    /** Restores fill mode, interpolation, fill value and seed from a config. */
    static <L extends RandomAffineLayer> L restoreAffine(L layer, ConfigReader c) {
        c.parsed("fill_mode", layer::fillMode);
        c.parsed("interpolation", layer::interpolation);
        layer.fillValue(c.floatNumber("fill_value"));
        return restore(layer, c);
    }
}
