package dev.myelin.cpu.kernel;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Both implementations of {@link BatchNormKernels} against loops written from the definitions, to
 * the bit: each column is summed over the rows in order in double, and the float arithmetic is
 * done in the definition's order without fused multiply-adds, so there is nothing to round
 * differently. Channel counts below, at and between the vector widths (4 doubles, 8 floats).
 */
class BatchNormKernelsTest {
    private static final int[] COLS = {1, 3, 4, 5, 8, 13, 16, 24, 64};

    private static BatchNormKernels kernels(String name) {
        if (name.equals("scalar")) return new BatchNormKernels.Scalar();
        BatchNormKernels vector = Vectorization.vectorOrNull(BatchNormKernels.class);
        Assumptions.assumeTrue(vector != null, "Vector API not usable in this JVM; the vector kernels are not tested here");
        return vector;
    }

    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(-3, 5);
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void columnSumsAsDefined(String name) {
        BatchNormKernels k = kernels(name);
        int rows = 37, r0 = 2, r1 = 35, off = 3;
        for (int cols : COLS) {
            float[] x = values(rows * cols, cols), dy = values(rows * cols, cols + 100);
            float[] meanF = values(cols, cols + 200), invStd = values(cols, cols + 300);
            double[] mean = new double[cols];
            for (int j = 0; j < cols; j++) mean[j] = meanF[j] + 0.1;
            double[] sums = new double[off + cols], squares = new double[off + cols], products = new double[off + cols];
            double[] expectSums = new double[off + cols], expectSquares = new double[off + cols], expectProducts = new double[off + cols];
            for (int j = 0; j < cols; j++) {
                sums[off + j] = expectSums[off + j] = j;   // the kernels add to what is there
                for (int r = r0; r < r1; r++) {
                    int i = r * cols + j;
                    expectSums[off + j] += x[i];
                    double d = x[i] - mean[j];
                    expectSquares[off + j] += d * d;
                    float xhat = (x[i] - meanF[j]) * invStd[j];
                    expectProducts[off + j] += (double) dy[i] * xhat;
                }
            }
            k.addColumns(x, r0, r1, cols, sums, off);
            k.addSquaredDeviations(x, mean, r0, r1, cols, squares, off);
            k.addNormalizedProducts(dy, x, meanF, invStd, r0, r1, cols, products, off);
            assertArrayEquals(expectSums, sums, 0, "column sums, " + cols + " channels");
            assertArrayEquals(expectSquares, squares, 0, "squared deviations, " + cols + " channels");
            assertArrayEquals(expectProducts, products, 0, "dy * xhat, " + cols + " channels");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void elementLoopsAsDefined(String name) {
        BatchNormKernels k = kernels(name);
        int rows = 11, r0 = 1, r1 = 10;
        for (int cols : COLS) {
            float[] x = values(rows * cols, cols), dy = values(rows * cols, cols + 1);
            float[] mean = values(cols, 2), invStd = values(cols, 3), gamma = values(cols, 4), beta = values(cols, 5);
            float[] scale = values(cols, 6), meanDy = values(cols, 7), meanDyXhat = values(cols, 8);
            float[] y = new float[rows * cols], dx = new float[rows * cols];
            float[] expectY = new float[rows * cols], expectDx = new float[rows * cols];
            for (int r = r0; r < r1; r++) {
                for (int j = 0; j < cols; j++) {
                    int i = r * cols + j;
                    float xhat = (x[i] - mean[j]) * invStd[j];
                    expectY[i] = xhat * gamma[j] + beta[j];
                    expectDx[i] = scale[j] * (dy[i] - meanDy[j] - xhat * meanDyXhat[j]);
                }
            }
            k.normalize(x, mean, invStd, gamma, beta, y, r0, r1, cols);
            k.backwardData(x, dy, mean, invStd, scale, meanDy, meanDyXhat, dx, r0, r1, cols);
            assertArrayEquals(expectY, y, 0, "normalized, " + cols + " channels");
            assertArrayEquals(expectDx, dx, 0, "dx, " + cols + " channels");
        }
    }
}
