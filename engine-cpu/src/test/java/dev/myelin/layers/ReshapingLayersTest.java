package dev.myelin.layers;

import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Global pooling, Reshape, Permute, RepeatVector, ZeroPadding2D, Cropping2D and UpSampling2D through
 * {@link LayerTests}, each against its definition written out here as index arithmetic on a batch of 2.
 */
class ReshapingLayersTest {
    private static final int N = 2;

    /** Element (b, i, j, c) of an NHWC batch of h x w x ch images. */
    private static float at(float[] x, int h, int w, int ch, int b, int i, int j, int c) {
        return x[((b * h + i) * w + j) * ch + c];
    }

    private static float[] globalPool(float[] x, int h, int w, int ch, boolean max) {
        float[] y = new float[N * ch];
        for (int b = 0; b < N; b++) {
            for (int c = 0; c < ch; c++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        float v = at(x, h, w, ch, b, i, j, c);
                        acc = max ? Math.max(acc, v) : acc + v;
                    }
                }
                y[b * ch + c] = (float) (max ? acc : acc / (h * w));
            }
        }
        return y;
    }

    @Test
    void globalAveragePooling() throws Exception {
        LayerTests.run(GlobalAveragePooling2D::new, Shape.of(3, 4, 5), Shape.of(5), 0, x -> globalPool(x, 3, 4, 5, false));
    }

    @Test
    void globalMaxPoolingKeepingDims() throws Exception {
        LayerTests.run(() -> new GlobalMaxPooling2D().keepdims(true), Shape.of(3, 4, 5), Shape.of(1, 1, 5), 0,
                x -> globalPool(x, 3, 4, 5, true));
        LayerTests.run(GlobalMaxPooling2D::new, Shape.of(2, 3, 2), Shape.of(2), 0, x -> globalPool(x, 2, 3, 2, true));
    }

    @Test
    void globalPoolingNeedsImages() {
        assertThrows(IncompatibleShapeException.class, () -> new GlobalAveragePooling2D().build(Shape.of(4, 5)));
    }

    @Test
    void reshapeInfersMinusOne() throws Exception {
        LayerTests.run(() -> new Reshape(-1, 4), Shape.of(3, 2, 2), Shape.of(3, 4), 0, x -> x);
        LayerTests.run(() -> new Reshape(2, 6), Shape.of(12), Shape.of(2, 6), 0, x -> x);
    }

    @Test
    void reshapeRejectsSizesThatDoNotDivide() {
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class, () -> new Reshape(-1, 5).build(Shape.of(12)));
        assertTrue(e.getMessage().contains("Reshape"), e.getMessage());
        assertThrows(IncompatibleShapeException.class, () -> new Reshape(3, 5).build(Shape.of(12)));
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
    }

    @Test
    void permuteCountsAxesFromOne() throws Exception {
        // (2, 3, 4) samples, dims (3, 1, 2): y[b, k, i, j] = x[b, i, j, k]
        LayerTests.run(() -> new Permute(3, 1, 2), Shape.of(2, 3, 4), Shape.of(4, 2, 3), 0, x -> {
            float[] y = new float[x.length];
            for (int b = 0; b < N; b++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 3; j++) {
                        for (int k = 0; k < 4; k++) y[((b * 4 + k) * 2 + i) * 3 + j] = x[((b * 2 + i) * 3 + j) * 4 + k];
                    }
                }
            }
            return y;
        });
        LayerTests.run(() -> new Permute(2, 1), Shape.of(3, 5), Shape.of(5, 3), 0, x -> {
            float[] y = new float[x.length];
            for (int b = 0; b < N; b++) for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) y[(b * 5 + j) * 3 + i] = x[(b * 3 + i) * 5 + j];
            return y;
        });
        assertThrows(IllegalArgumentException.class, () -> new Permute(0, 1));
        assertThrows(IncompatibleShapeException.class, () -> new Permute(2, 1).build(Shape.of(2, 3, 4)));
    }

    @Test
    void repeatVector() throws Exception {
        LayerTests.run(() -> new RepeatVector(3), Shape.of(4), Shape.of(3, 4), 0, x -> {
            float[] y = new float[N * 3 * 4];
            for (int b = 0; b < N; b++) for (int r = 0; r < 3; r++) for (int f = 0; f < 4; f++) y[(b * 3 + r) * 4 + f] = x[b * 4 + f];
            return y;
        });
    }

    /** A window of the (h, w) images placed in (bh, bw) images at (top, left); zeros elsewhere. */
    private static float[] padded(float[] x, int h, int w, int ch, int top, int bottom, int left, int right) {
        int bh = h + top + bottom, bw = w + left + right;
        float[] y = new float[N * bh * bw * ch];
        for (int b = 0; b < N; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    for (int c = 0; c < ch; c++) y[((b * bh + i + top) * bw + j + left) * ch + c] = at(x, h, w, ch, b, i, j, c);
                }
            }
        }
        return y;
    }

    @Test
    void zeroPaddingInKerasForms() throws Exception {
        LayerTests.run(ZeroPadding2D::new, Shape.of(2, 3, 2), Shape.of(4, 5, 2), 0, x -> padded(x, 2, 3, 2, 1, 1, 1, 1));
        LayerTests.run(() -> new ZeroPadding2D(2, 0), Shape.of(2, 3, 1), Shape.of(6, 3, 1), 0, x -> padded(x, 2, 3, 1, 2, 2, 0, 0));
        LayerTests.run(() -> new ZeroPadding2D(1, 0, 2, 3), Shape.of(2, 2, 3), Shape.of(3, 7, 3), 0, x -> padded(x, 2, 2, 3, 1, 0, 2, 3));
    }

    @Test
    void croppingInKerasForms() throws Exception {
        LayerTests.run(() -> new Cropping2D(1, 0, 2, 1), Shape.of(4, 5, 2), Shape.of(3, 2, 2), 0, x -> {
            float[] y = new float[N * 3 * 2 * 2];
            for (int b = 0; b < N; b++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 2; j++) for (int c = 0; c < 2; c++) y[((b * 3 + i) * 2 + j) * 2 + c] = at(x, 4, 5, 2, b, i + 1, j + 2, c);
                }
            }
            return y;
        });
        LayerTests.run(Cropping2D::new, Shape.of(2, 2, 1), Shape.of(2, 2, 1), 0, x -> x);
        assertThrows(IncompatibleShapeException.class, () -> new Cropping2D(2).build(Shape.of(4, 5, 1)));
    }

    @Test
    void upSamplingNearestRepeatsRowsAndColumns() throws Exception {
        LayerTests.run(UpSampling2D::new, Shape.of(2, 3, 2), Shape.of(4, 6, 2), 0, x -> nearest(x, 2, 3, 2, 2, 2));
        LayerTests.run(() -> new UpSampling2D(3, 1), Shape.of(2, 2, 3), Shape.of(6, 2, 3), 0, x -> nearest(x, 2, 2, 3, 3, 1));
    }

    private static float[] nearest(float[] x, int h, int w, int ch, int sh, int sw) {
        float[] y = new float[N * h * sh * w * sw * ch];
        for (int b = 0; b < N; b++) {
            for (int i = 0; i < h * sh; i++) {
                for (int j = 0; j < w * sw; j++) {
                    for (int c = 0; c < ch; c++) y[((b * h * sh + i) * w * sw + j) * ch + c] = at(x, h, w, ch, b, i / sh, j / sw, c);
                }
            }
        }
        return y;
    }

    @Test
    void upSamplingBilinearUsesHalfPixelCentresClampedAtTheEdges() throws Exception {
        // Size 2: output row 2i+1 sits at source position i + 0.25, row 2i at i - 0.25 (clamped to 0 at the top).
        LayerTests.run(() -> new UpSampling2D(2).interpolation("bilinear"), Shape.of(2, 3, 2), Shape.of(4, 6, 2), 0, x -> {
            int h = 2, w = 3, ch = 2;
            float[] y = new float[N * 4 * 6 * ch];
            for (int b = 0; b < N; b++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 6; j++) {
                        double fy = Math.min(Math.max((i + 0.5) / 2 - 0.5, 0), h - 1), fx = Math.min(Math.max((j + 0.5) / 2 - 0.5, 0), w - 1);
                        int y0 = (int) Math.floor(fy), x0 = (int) Math.floor(fx);
                        int y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
                        double ty = fy - y0, tx = fx - x0;
                        for (int c = 0; c < ch; c++) {
                            double top = (1 - tx) * at(x, h, w, ch, b, y0, x0, c) + tx * at(x, h, w, ch, b, y0, x1, c);
                            double bottom = (1 - tx) * at(x, h, w, ch, b, y1, x0, c) + tx * at(x, h, w, ch, b, y1, x1, c);
                            y[((b * 4 + i) * 6 + j) * ch + c] = (float) ((1 - ty) * top + ty * bottom);
                        }
                    }
                }
            }
            return y;
        });
    }

    @Test
    void upSamplingRejectsUnknownInterpolation() {
        assertThrows(IllegalArgumentException.class, () -> new UpSampling2D().interpolation("bicubic"));
    }

    @Test
    void upSamplingPastAnIntIsRefusedNotWrapped() {
        // 4 rows times 2^30 is 2^32: an int would wrap it to 0 (what a hostile model file's size could do).
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class, () -> new UpSampling2D(1 << 30, 1).build(Shape.of(4, 4, 1)));
        assertTrue(e.getMessage().contains("would make images of 4294967296x4"), e.getMessage());
        e = assertThrows(IncompatibleShapeException.class, () -> new UpSampling1D(1 << 30).build(Shape.of(4, 1)));
        assertTrue(e.getMessage().contains("would make 4294967296 steps"), e.getMessage());
    }

    @Test
    void kerasConfigsNameTheirFields() {
        ZeroPadding2D p = new ZeroPadding2D(1, 2, 3, 4);
        assertEquals("[[1,2],[3,4]]", p.config().get("padding").toString());
        assertEquals("[[0,0],[0,0]]", new Cropping2D().config().get("cropping").toString());
        assertEquals("[2,2]", new UpSampling2D().config().get("size").toString());
        assertArrayEquals(new int[] {-1, 4}, new Reshape(-1, 4).targetShape());
    }
}
