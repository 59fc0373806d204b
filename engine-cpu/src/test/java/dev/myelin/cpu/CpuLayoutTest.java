package dev.myelin.cpu;

import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Transpose, pad2d and crop2d against plain index arithmetic, at sizes large enough to be split
 * across threads (over {@code CpuElementwise.GRAIN} elements) and with odd tails.
 */
class CpuLayoutTest {
    private final CpuBackend be = new CpuBackend();

    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(-1, 1);
        return v;
    }

    @Test
    void transposeMatchesIndexArithmetic() {
        int[][] shapes = {{3, 5}, {2, 3, 4}, {3, 7, 67, 33}, {2, 3, 5, 31, 17}};
        int[][][] perms = {{{1, 0}}, {{2, 0, 1}, {0, 2, 1}}, {{0, 3, 1, 2}, {3, 2, 1, 0}}, {{4, 0, 3, 1, 2}, {0, 1, 2, 4, 3}}};
        for (int s = 0; s < shapes.length; s++) {
            int[] dims = shapes[s];
            int rank = dims.length, n = 1;
            for (int d : dims) n *= d;
            float[] x = values(n, s);
            int[] strides = new int[rank];
            for (int i = rank - 1, st = 1; i >= 0; i--) {
                strides[i] = st;
                st *= dims[i];
            }
            for (int[] axes : perms[s]) {
                int[] out = new int[rank];
                for (int i = 0; i < rank; i++) out[i] = dims[axes[i]];
                float[] expected = new float[n];
                int[] idx = new int[rank];
                for (int flat = 0; flat < n; flat++) {
                    int rest = flat, src = 0;
                    for (int i = rank - 1; i >= 0; i--) {
                        idx[i] = rest % out[i];
                        rest /= out[i];
                    }
                    for (int i = 0; i < rank; i++) src += idx[i] * strides[axes[i]];
                    expected[flat] = x[src];
                }
                try (Tensor t = be.fromArray(Shape.of(dims), x, 0); Tensor y = be.transpose(t, axes)) {
                    assertArrayEquals(expected, y.toArray(), java.util.Arrays.toString(dims) + " by " + java.util.Arrays.toString(axes));
                }
            }
        }
    }

    @Test
    void padThenCropGivesBackTheImagesAndPadsWithZeros() {
        int n = 3, h = 41, w = 37, c = 29, top = 2, bottom = 3, left = 1, right = 4;
        float[] x = values(n * h * w * c, 9);
        try (Tensor t = be.fromArray(Shape.of(n, h, w, c), x, 0); Tensor p = be.pad2d(t, top, bottom, left, right);
             Tensor back = be.crop2d(p, top, left, h, w)) {
            int ph = h + top + bottom, pw = w + left + right;
            float[] padded = p.toArray();
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < ph; i++) {
                    for (int j = 0; j < pw; j++) {
                        for (int ch = 0; ch < c; ch++) {
                            int si = i - top, sj = j - left;
                            float expected = si >= 0 && si < h && sj >= 0 && sj < w ? x[((b * h + si) * w + sj) * c + ch] : 0f;
                            if (padded[((b * ph + i) * pw + j) * c + ch] != expected) {
                                throw new AssertionError("pad2d at " + b + "," + i + "," + j + "," + ch);
                            }
                        }
                    }
                }
            }
            assertArrayEquals(x, back.toArray());
        }
    }
}
