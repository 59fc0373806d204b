package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.backend.FillMode;
import dev.myelin.backend.ImageInterpolation;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.myelin.cuda.GpuBackends.compare;
import static dev.myelin.cuda.GpuBackends.random;

/**
 * Transpose, pad2d and crop2d on the GPU against the CPU: pure copies, so they must agree exactly.
 * The affine transform computes positions with the same float operations on both (no fused
 * multiply-add on the GPU), so it reads the same pixels; its bilinear weights round alike, 1e-6
 * covers the last bit. Its backward adds with atomics in any order: sums of up to 4 terms, 1e-5.
 */
@Tag("gpu")
class LayoutOpsCudaTest {

    private static Tensor in(Backend b, Shape s, long seed) { return b.fromArray(s, random(s, seed), 0); }

    @Test
    void transposeEveryRankAndPermutation() {
        int[][][] cases = {
                {{7}, {0}},
                {{3, 5}, {1, 0}},
                {{2, 3, 4}, {0, 2, 1}}, {{2, 3, 4}, {2, 0, 1}}, {{2, 3, 4}, {1, 2, 0}},
                {{2, 3, 4, 5}, {0, 3, 1, 2}}, {{2, 3, 4, 5}, {3, 2, 1, 0}},
                {{2, 1, 3, 2, 3}, {4, 0, 2, 1, 3}},
                {{2, 3, 1, 2, 3, 2}, {5, 4, 3, 2, 1, 0}}, {{2, 3, 1, 2, 3, 2}, {0, 1, 2, 3, 5, 4}},
        };
        for (int[][] c : cases) {
            Shape s = Shape.of(c[0]);
            compare("transpose " + s + " by " + java.util.Arrays.toString(c[1]), 0, 0, b -> b.transpose(in(b, s, 1), c[1]));
        }
    }

    @Test
    void affineTransformEveryModeAndInterpolation() {
        Shape s = Shape.of(3, 7, 6, 2);
        float a = 0.4f, cos = (float) Math.cos(a), sin = (float) Math.sin(a);
        float[] t = {cos, -sin, 2.5f, sin, cos, -1.25f,     // rotation about a corner and a shift: reads outside the image
                1.7f, 0.2f, -3.1f, -0.1f, 0.6f, 4.4f,        // zoom and shear
                -1, 0, 5, 0, 1, 0};                          // a horizontal flip: integer positions
        for (ImageInterpolation interpolation : ImageInterpolation.values()) {
            for (FillMode mode : FillMode.values()) {
                String what = "affineTransform " + interpolation + " " + mode;
                compare(what, 1e-6, 1e-6, b -> b.affineTransform(in(b, s, 4), b.fromArray(Shape.of(3, 6), t, 0), interpolation, mode, 0.5f));
                compare(what + " backward", 1e-5, 1e-5,
                        b -> b.affineTransformBackward(in(b, s, 5), b.fromArray(Shape.of(3, 6), t, 0), interpolation, mode));
            }
        }
    }

    @Test
    void padAndCropNhwc() {
        Shape s = Shape.of(3, 5, 4, 3);
        int[][] pads = {{0, 0, 0, 0}, {1, 1, 1, 1}, {2, 0, 1, 3}, {0, 3, 0, 1}};
        for (int[] p : pads) {
            compare("pad2d " + java.util.Arrays.toString(p), 0, 0, b -> b.pad2d(in(b, s, 2), p[0], p[1], p[2], p[3]));
            compare("crop2d " + java.util.Arrays.toString(p), 0, 0, b -> b.crop2d(in(b, s, 3), p[0], p[2], 5 - p[0] - p[1] / 2, 4 - p[2] - p[3] / 2));
        }
    }
}
