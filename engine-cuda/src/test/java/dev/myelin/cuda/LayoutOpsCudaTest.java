package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.myelin.cuda.GpuBackends.compare;
import static dev.myelin.cuda.GpuBackends.random;

/** Transpose, pad2d and crop2d on the GPU against the CPU: pure copies, so they must agree exactly. */
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
    void padAndCropNhwc() {
        Shape s = Shape.of(3, 5, 4, 3);
        int[][] pads = {{0, 0, 0, 0}, {1, 1, 1, 1}, {2, 0, 1, 3}, {0, 3, 0, 1}};
        for (int[] p : pads) {
            compare("pad2d " + java.util.Arrays.toString(p), 0, 0, b -> b.pad2d(in(b, s, 2), p[0], p[1], p[2], p[3]));
            compare("crop2d " + java.util.Arrays.toString(p), 0, 0, b -> b.crop2d(in(b, s, 3), p[0], p[2], 5 - p[0] - p[1] / 2, 4 - p[2] - p[3] / 2));
        }
    }
}
