package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.backend.CounterRandom;
import dev.myelin.backend.FillMode;
import dev.myelin.backend.ImageInterpolation;
import dev.myelin.data.Dataset;
import dev.myelin.model.FitOptions;
import dev.myelin.model.Sequential;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The augmentation layers: the identity at inference, Keras's transforms in training (written out
 * here, with the layer's documented draws: call k of a layer seeded s draws from stream
 * {@code bits(s, k)}), reproducible for a seed; and the affine resampling op they use against
 * Keras's definition of {@code affine_transform} (its {@code map_coordinates} and index fixers).
 */
class AugmentationLayersTest {
    private static final Shape IMAGE = Shape.of(5, 4, 2);
    private static final long SEED = 42;

    // ---- the resampling op, against Keras's definition -----------------------------------------

    /** Keras's index fixers (keras/src/backend/numpy/image.py), written for one index. */
    private static int fixIndex(FillMode mode, int i, int n) {
        return switch (mode) {
            case CONSTANT -> i;
            case NEAREST -> Math.max(0, Math.min(n - 1, i));
            case WRAP -> ((i % n) + n) % n;
            case MIRROR -> mirror(i, n);
            case REFLECT -> Math.floorDiv(mirror(2 * i + 1, 2 * n + 1) - 1, 2);
        };
    }

    private static int mirror(int i, int n) {
        int s = n - 1;
        return s == 0 ? 0 : Math.abs(Math.floorMod(i + s, 2 * s) - s);
    }

    private static double pixel(float[] x, int h, int w, int c, int b, int iy, int ix, int ch, FillMode mode, float fill) {
        if (mode == FillMode.CONSTANT && (iy < 0 || iy >= h || ix < 0 || ix >= w)) return fill;
        return x[((b * h + fixIndex(mode, iy, h)) * w + fixIndex(mode, ix, w)) * c + ch];
    }

    static float[] affineReference(float[] x, float[] t, int n, int h, int w, int c, ImageInterpolation interpolation,
                                   FillMode mode, float fill) {
        float[] y = new float[x.length];
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < h; oy++) {
                for (int ox = 0; ox < w; ox++) {
                    double xf = t[b * 6] * ox + t[b * 6 + 1] * oy + t[b * 6 + 2], yf = t[b * 6 + 3] * ox + t[b * 6 + 4] * oy + t[b * 6 + 5];
                    for (int ch = 0; ch < c; ch++) {
                        double v;
                        if (interpolation == ImageInterpolation.NEAREST) {
                            v = pixel(x, h, w, c, b, (int) Math.signum(yf) * (int) Math.floor(Math.abs(yf) + 0.5),
                                    (int) Math.signum(xf) * (int) Math.floor(Math.abs(xf) + 0.5), ch, mode, fill);
                        } else {
                            int y0 = (int) Math.floor(yf), x0 = (int) Math.floor(xf);
                            double wy = yf - y0, wx = xf - x0;
                            v = (1 - wy) * (1 - wx) * pixel(x, h, w, c, b, y0, x0, ch, mode, fill)
                                    + (1 - wy) * wx * pixel(x, h, w, c, b, y0, x0 + 1, ch, mode, fill)
                                    + wy * (1 - wx) * pixel(x, h, w, c, b, y0 + 1, x0, ch, mode, fill)
                                    + wy * wx * pixel(x, h, w, c, b, y0 + 1, x0 + 1, ch, mode, fill);
                        }
                        y[((b * h + oy) * w + ox) * c + ch] = (float) v;
                    }
                }
            }
        }
        return y;
    }

    @Test
    void affineTransformMatchesKerasDefinitionForEveryModeAndItsGradientChecks() {
        Backend be = Backends.current();
        Shape s = Shape.of(3, 5, 4, 2);
        float[] x = GradientCheck.random(s, 3);
        float a = 0.7f;
        float[] t = {(float) Math.cos(a), (float) -Math.sin(a), 1.3f, (float) Math.sin(a), (float) Math.cos(a), -2.2f,
                1.6f, 0.1f, -2.4f, -0.3f, 1.4f, 3.1f,    // zoom out and shear: reads well outside on every side
                -1, 0, 3, 0, 1, 0};                      // a flip
        for (ImageInterpolation interpolation : ImageInterpolation.values()) {
            for (FillMode mode : FillMode.values()) {
                float[] expected = affineReference(x, t, 3, 5, 4, 2, interpolation, mode, 0.25f);
                try (Scope scope = Scope.open()) {
                    float[] got = be.affineTransform(be.fromArray(s, x, 0), be.fromArray(Shape.of(3, 6), t, 0), interpolation, mode, 0.25f).toArray();
                    // Positions in float against double: a weight differs by ~1e-7 of a pixel, values O(1).
                    assertArrayEquals(expected, got, 1e-5f, interpolation + " " + mode);
                }
                GradientCheck.check(be, "affineTransform " + interpolation + " " + mode,
                        in -> Ops.affineTransform(in[0], in[1], interpolation, mode, 0.25f),
                        new Shape[] {s, Shape.of(3, 6)}, new float[][] {x, t}, new boolean[] {true, false});
            }
        }
    }

    // ---- the layers ------------------------------------------------------------------------------

    private static float[] apply(Layer layer, float[] x, Shape sample, boolean training) {
        try (Scope s = Scope.open()) {
            return layer.call(Backends.current().fromArray(sample.prepend(2), x, 0), training).toArray();
        }
    }

    /** The layer test (inference: build, shapes, gradients, round trips), the identity at inference, and training against {@code expected}. */
    private static void check(Supplier<RandomImageLayer> factory, float[] expectedFirstTrainingCall) throws Exception {
        LayerTests.run(factory::get, IMAGE, IMAGE);
        RandomImageLayer layer = factory.get();
        layer.build(IMAGE);
        float[] x = LayerTests.input(IMAGE);
        assertArrayEquals(x, apply(layer, x, IMAGE, false), layer.describe() + " passes images through at inference");
        float[] first = apply(layer, x, IMAGE, true);
        assertArrayEquals(expectedFirstTrainingCall, first, 1e-5f, layer.describe() + " in training against Keras's transform");
        RandomImageLayer twin = factory.get();
        twin.build(IMAGE);
        assertArrayEquals(first, apply(twin, x, IMAGE, true), "the same seed augments the same way");
        assertFalse(java.util.Arrays.equals(first, apply(layer, x, IMAGE, true)), "the next call draws anew");
    }

    private static float draw(long call, long index, double low, double high) {
        return (float) (low + (high - low) * CounterRandom.uniform(CounterRandom.bits(SEED, call), index));
    }

    private static float[] affine(float[] x, float[] t, ImageInterpolation interpolation, FillMode mode) {
        return affineReference(x, t, 2, IMAGE.dim(0), IMAGE.dim(1), IMAGE.dim(2), interpolation, mode, 0f);
    }

    @Test
    void randomFlip() throws Exception {
        float[] x = LayerTests.input(IMAGE);
        int h = IMAGE.dim(0), w = IMAGE.dim(1), c = IMAGE.dim(2);
        float[] y = new float[x.length];
        for (int b = 0; b < 2; b++) {
            boolean flipX = draw(0, 2L * b, 0, 1) <= 0.5, flipY = draw(0, 2L * b + 1, 0, 1) <= 0.5;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        y[((b * h + i) * w + j) * c + ch] = x[((b * h + (flipY ? h - 1 - i : i)) * w + (flipX ? w - 1 - j : j)) * c + ch];
                    }
                }
            }
        }
        check(() -> new RandomFlip().seed(SEED), y);
        assertThrows(IllegalArgumentException.class, () -> new RandomFlip("diagonal"));
    }

    @Test
    void randomRotationTurnsByAFractionOfTwoPi() throws Exception {
        float[] t = new float[12];
        int h = IMAGE.dim(0), w = IMAGE.dim(1);
        for (int b = 0; b < 2; b++) {
            double angle = draw(0, b, -0.2, 0.2) * 2 * Math.PI, cos = Math.cos(angle), sin = Math.sin(angle);
            float[] r = {(float) cos, (float) -sin, (float) (((w - 1) - (cos * (w - 1) - sin * (h - 1))) / 2),
                    (float) sin, (float) cos, (float) (((h - 1) - (sin * (w - 1) + cos * (h - 1))) / 2)};
            System.arraycopy(r, 0, t, b * 6, 6);
        }
        check(() -> new RandomRotation(0.2).seed(SEED), affine(LayerTests.input(IMAGE), t, ImageInterpolation.BILINEAR, FillMode.REFLECT));
        check(() -> new RandomRotation(new double[] {-0.2, 0.2}).fillMode("constant").interpolation("nearest").seed(SEED),
                affine(LayerTests.input(IMAGE), t, ImageInterpolation.NEAREST, FillMode.CONSTANT));
    }

    @Test
    void randomZoomAboutTheCentre() throws Exception {
        float[] t = new float[12];
        int h = IMAGE.dim(0), w = IMAGE.dim(1);
        for (int b = 0; b < 2; b++) {
            double zy = 1 + draw(0, 2L * b, -0.3, 0.3), zx = 1 + draw(0, 2L * b + 1, 0.1, 0.5);
            float[] r = {(float) zx, 0, (float) ((w - 1) / 2.0 * (1 - zx)), 0, (float) zy, (float) ((h - 1) / 2.0 * (1 - zy))};
            System.arraycopy(r, 0, t, b * 6, 6);
        }
        check(() -> new RandomZoom(0.3).widthFactor(new double[] {0.1, 0.5}).fillMode("wrap").seed(SEED),
                affine(LayerTests.input(IMAGE), t, ImageInterpolation.BILINEAR, FillMode.WRAP));
        assertThrows(IllegalArgumentException.class, () -> new RandomZoom(1.5));
        // Keras's RandomZoom(0.5, 0.2): height factor 0.5, width factor 0.2, drawn apart.
        RandomZoom keras = new RandomZoom(0.5, 0.2);
        assertEquals("[-0.5,0.5]", keras.config().get("height_factor").toString());
        assertEquals("[-0.2,0.2]", keras.config().get("width_factor").toString());
    }

    @Test
    void randomTranslationByFractionsOfTheSize() throws Exception {
        float[] t = new float[12];
        for (int b = 0; b < 2; b++) {
            float dy = draw(0, 2L * b, -0.4, 0.4) * IMAGE.dim(0), dx = draw(0, 2L * b + 1, -0.2, 0.3) * IMAGE.dim(1);
            float[] r = {1, 0, -dx, 0, 1, -dy};
            System.arraycopy(r, 0, t, b * 6, 6);
        }
        check(() -> new RandomTranslation(new double[] {-0.4, 0.4}, new double[] {-0.2, 0.3}).fillMode("nearest").seed(SEED),
                affine(LayerTests.input(IMAGE), t, ImageInterpolation.BILINEAR, FillMode.NEAREST));
        assertThrows(IllegalArgumentException.class, () -> new RandomTranslation(2, 0));
    }

    @Test
    void randomContrastAroundEachChannelsMeanThenClipped() throws Exception {
        float[] x = LayerTests.input(IMAGE);
        int hw = IMAGE.dim(0) * IMAGE.dim(1), c = IMAGE.dim(2);
        float[] y = new float[x.length];
        for (int b = 0; b < 2; b++) {
            double f = draw(0, b, 1 - 0.5, 1 + 0.5);
            for (int ch = 0; ch < c; ch++) {
                double mean = 0;
                for (int p = 0; p < hw; p++) mean += x[(b * hw + p) * c + ch] / (double) hw;
                for (int p = 0; p < hw; p++) {
                    int i = (b * hw + p) * c + ch;
                    y[i] = (float) Math.min(0.2, Math.max(-0.2, (x[i] - mean) * f + mean));
                }
            }
        }
        check(() -> new RandomContrast(0.5).valueRange(-0.2, 0.2).seed(SEED), y);
        assertThrows(IllegalArgumentException.class, () -> new RandomContrast(1.5));
    }

    @Test
    void randomCropInTrainingAndItsCentredResizeAtInference() throws Exception {
        Shape in = Shape.of(6, 5, 2), out = Shape.of(4, 3, 2);
        LayerTests.run(() -> new RandomCrop(4, 3).seed(SEED), in, out);
        RandomCrop crop = new RandomCrop(4, 3);
        crop.seed(SEED);
        crop.build(in);
        float[] x = LayerTests.input(in);
        // Training: one window for the batch, top in [0, 2], left in [0, 2].
        int top = (int) draw(0, 0, 0, 3), left = (int) draw(0, 1, 0, 3);
        float[] expected = new float[2 * 4 * 3 * 2];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int ch = 0; ch < 2; ch++) expected[((b * 4 + i) * 3 + j) * 2 + ch] = x[((b * 6 + i + top) * 5 + j + left) * 2 + ch];
                }
            }
        }
        try (Scope s = Scope.open()) {
            assertArrayEquals(expected, crop.call(Backends.current().fromArray(in.prepend(2), x, 0), true).toArray());
        }
        // Inference: the centred 6 x 4 window (aspect 4:3 would need width 4.5 -> 4), resized to 4 x 3 with half-pixel centres.
        float[] resized = new float[expected.length];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    double fy = Math.min(Math.max((i + 0.5) * 6 / 4 - 0.5, 0), 5), fx = Math.min(Math.max((j + 0.5) * 4 / 3 - 0.5, 0), 3);
                    int y0 = (int) fy, x0 = (int) fx, y1 = Math.min(y0 + 1, 5), x1 = Math.min(x0 + 1, 3);
                    double ty = fy - y0, tx = fx - x0;
                    for (int ch = 0; ch < 2; ch++) {
                        double v00 = x[((b * 6 + y0) * 5 + x0 + 0) * 2 + ch], v01 = x[((b * 6 + y0) * 5 + x1) * 2 + ch];
                        double v10 = x[((b * 6 + y1) * 5 + x0) * 2 + ch], v11 = x[((b * 6 + y1) * 5 + x1) * 2 + ch];
                        resized[((b * 4 + i) * 3 + j) * 2 + ch] = (float) ((1 - ty) * ((1 - tx) * v00 + tx * v01) + ty * ((1 - tx) * v10 + tx * v11));
                    }
                }
            }
        }
        try (Scope s = Scope.open()) {
            assertArrayEquals(resized, crop.call(Backends.current().fromArray(in.prepend(2), x, 0), false).toArray(), 1e-6f);
        }
    }

    @Test
    void augmentationTrainsInAModelAndIsSaved() throws Exception {
        Sequential model = new Sequential(new Input(4, 4, 1), new RandomFlip("horizontal"), new RandomRotation(0.1),
                new RandomContrast(0.2).valueRange(0, 1), new Flatten(), new Dense(2)).seed(7);
        model.compile("adam", "sparse_categorical_crossentropy");
        float[] x = new float[8 * 16];
        float[] y = new float[8];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 16; j++) x[i * 16 + j] = ((i * 7 + j * 3) % 10) / 10f;
            y[i] = i % 2;
        }
        Dataset data = new Dataset(x, Shape.of(4, 4, 1), y, Shape.SCALAR);
        double loss = model.fit(data, new FitOptions().epochs(2).batchSize(4).verbose(0)).history().get("loss").get(1);
        assertFalse(Double.isNaN(loss));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("aug");
        try {
            java.nio.file.Path file = dir.resolve("m.myelin");
            model.save(file);
            Sequential loaded = Sequential.load(file);
            for (int i = 0; i < model.layers().size(); i++) assertEquals(model.layers().get(i).config(), loaded.layers().get(i).config());
            assertArrayEquals(model.predict(data, 4), loaded.predict(data, 4), "augmentation is off in predict");
            java.nio.file.Files.delete(file);
        } finally {
            java.nio.file.Files.deleteIfExists(dir);
        }
    }
}
