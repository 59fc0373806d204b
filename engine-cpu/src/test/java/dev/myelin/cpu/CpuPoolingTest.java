package dev.myelin.cpu;

import dev.myelin.backend.Padding;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.myelin.cpu.Reference.assertClose;
import static dev.myelin.cpu.Reference.random;

/**
 * Pooling against loops written from Keras's definition: windows over the zero-padded input, where
 * padding never wins a max and is not counted in an average; max pooling's gradient goes to the
 * first maximum in row-major window order. Inputs are rounded to quarters so windows hold ties.
 * Tolerance 1e-6: a window averages at most a few dozen values, no other rounding.
 */
class CpuPoolingTest {
    private static final double TOLERANCE = 1e-6;
    private final CpuBackend be = new CpuBackend();

    static Stream<Pool2dGeometry> geometries() {
        return Stream.of(
                Pool2dGeometry.of(1, 1, 1, 1, 1, 1, 1, 1, Padding.VALID),
                Pool2dGeometry.of(3, 7, 7, 3, 2, 2, 2, 2, Padding.VALID),   // odd size: last row dropped
                Pool2dGeometry.of(3, 7, 7, 3, 2, 2, 2, 2, Padding.SAME),    // pads 0 top, 1 bottom
                Pool2dGeometry.of(1, 13, 13, 1, 3, 3, 2, 2, Padding.SAME),
                Pool2dGeometry.of(3, 6, 5, 3, 3, 3, 1, 1, Padding.SAME),    // overlapping windows
                Pool2dGeometry.of(2, 6, 5, 3, 3, 2, 1, 2, Padding.VALID),   // overlapping rows, all inside
                Pool2dGeometry.of(2, 24, 24, 20, 2, 2, 2, 2, Padding.VALID), // LeNet's first pool
                new Pool2dGeometry(3, 7, 5, 3, 3, 2, 2, 1, 2, 0, 1, 1));      // explicit asymmetric padding
    }

    private interface Window {
        void accept(int outIndex, int[] inIndices);
    }

    /** Each output element with the input indices of its window, clipped to the input, in row-major order. */
    private static void forEachWindow(Pool2dGeometry g, Window body) {
        for (int n = 0; n < g.batch(); n++)
            for (int oh = 0; oh < g.outH(); oh++)
                for (int ow = 0; ow < g.outW(); ow++)
                    for (int c = 0; c < g.channels(); c++) {
                        int[] idx = new int[g.poolH() * g.poolW()];
                        int count = 0;
                        for (int i = 0; i < g.poolH(); i++)
                            for (int j = 0; j < g.poolW(); j++) {
                                int h = oh * g.strideH() - g.padTop() + i, w = ow * g.strideW() - g.padLeft() + j;
                                if (h >= 0 && h < g.inH() && w >= 0 && w < g.inW()) {
                                    idx[count++] = ((n * g.inH() + h) * g.inW() + w) * g.channels() + c;
                                }
                            }
                        int outIndex = ((n * g.outH() + oh) * g.outW() + ow) * g.channels() + c;
                        body.accept(outIndex, java.util.Arrays.copyOf(idx, count));
                    }
    }

    private static float[] quantized(int n, long seed) {
        float[] v = random(n, seed);
        for (int i = 0; i < n; i++) v[i] = Math.round(v[i] * 4) / 4f;
        return v;
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void maxPoolingForwardAndBackward(Pool2dGeometry g) {
        check(PoolMode.MAX, g);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void averagePoolingForwardAndBackward(Pool2dGeometry g) {
        check(PoolMode.AVERAGE, g);
    }

    private void check(PoolMode mode, Pool2dGeometry g) {
        Shape xs = Shape.of(g.batch(), g.inH(), g.inW(), g.channels()), ys = Shape.of(g.batch(), g.outH(), g.outW(), g.channels());
        float[] x = quantized(xs.sizeAsInt(), 11), dy = random(ys.sizeAsInt(), 12);
        double[] y = new double[ys.sizeAsInt()], dx = new double[xs.sizeAsInt()];
        forEachWindow(g, (o, window) -> {
            if (mode == PoolMode.MAX) {
                int best = window[0];
                for (int i : window) if (x[i] > x[best]) best = i;
                y[o] = x[best];
                dx[best] += dy[o];
            } else {
                for (int i : window) y[o] += x[i];
                y[o] /= window.length;
                for (int i : window) dx[i] += dy[o] / window.length;
            }
        });
        try (Scope s = Scope.open()) {
            Tensor xt = be.fromArray(xs, x, 0);
            Tensor yt = be.pool2d(mode, xt, g);
            assertClose(mode + " pool " + g, y, yt.toArray(), TOLERANCE);
            Tensor dxt = be.pool2dBackward(mode, xt, yt, be.fromArray(ys, dy, 0), g);
            assertClose(mode + " pool backward " + g, dx, dxt.toArray(), TOLERANCE);
        }
    }
}
