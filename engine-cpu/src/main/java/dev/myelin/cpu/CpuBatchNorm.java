package dev.myelin.cpu;

import dev.myelin.cpu.kernel.BatchNormKernels;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Vectorization;

/**
 * Batch normalization over the rows of {@code (rows, C)}: per-channel statistics are column sums in
 * double over fixed blocks of rows added in order (as {@link CpuReductions}), so results do not
 * depend on the thread count; the variance is taken around the mean (two passes), not as
 * {@code E[x^2] - E[x]^2}, which cancels badly when the mean is large.
 */
final class CpuBatchNorm {
    private static final int GRAIN = CpuElementwise.GRAIN;
    private static final int BLOCK = 1 << 14;
    private static final BatchNormKernels KERNELS = Vectorization.batchNormKernels();

    private CpuBatchNorm() {}

    /** A per-block accumulation: adds rows {@code [r0, r1)}'s terms into {@code acc[offset, offset + C)}. */
    @FunctionalInterface
    private interface Rows {
        void add(int r0, int r1, double[] acc, int offset);
    }

    /** Column sums of the terms {@code body} adds, per fixed block of rows, blocks added in order. */
    private static double[] columnSums(int rows, int cols, Rows body) {
        int blockRows = Math.max(1, BLOCK / Math.max(1, cols)), blocks = (rows + blockRows - 1) / blockRows;
        double[] partial = new double[blocks * cols];
        Parallel.forRange(blocks, Math.max(1, GRAIN / BLOCK), (b0, b1) -> {
            for (int b = b0; b < b1; b++) body.add(b * blockRows, Math.min(rows, (b + 1) * blockRows), partial, b * cols);
        });
        double[] sum = new double[cols];
        for (int b = 0; b < blocks; b++) {
            for (int j = 0; j < cols; j++) sum[j] += partial[b * cols + j];
        }
        return sum;
    }

    /** Writes {@code y}, the batch {@code mean} and {@code invStd}. */
    static void training(float[] x, float[] gamma, float[] beta, float epsilon, float[] y, float[] mean, float[] invStd,
                         int rows, int cols) {
        double[] sums = columnSums(rows, cols, (r0, r1, acc, o) -> KERNELS.addColumns(x, r0, r1, cols, acc, o));
        double[] mu = new double[cols];
        for (int j = 0; j < cols; j++) mu[j] = sums[j] / rows;
        double[] squares = columnSums(rows, cols, (r0, r1, acc, o) -> KERNELS.addSquaredDeviations(x, mu, r0, r1, cols, acc, o));
        for (int j = 0; j < cols; j++) {
            mean[j] = (float) mu[j];
            invStd[j] = (float) (1.0 / Math.sqrt(squares[j] / rows + epsilon));
        }
        normalize(x, gamma, beta, mean, invStd, y, rows, cols);
    }

    /** {@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta}. */
    static void inference(float[] x, float[] gamma, float[] beta, float[] mean, float[] variance, float epsilon, float[] y,
                          int rows, int cols) {
        float[] invStd = new float[cols];
        for (int j = 0; j < cols; j++) invStd[j] = (float) (1.0 / Math.sqrt((double) variance[j] + epsilon));
        normalize(x, gamma, beta, mean, invStd, y, rows, cols);
    }

    private static void normalize(float[] x, float[] gamma, float[] beta, float[] mean, float[] invStd, float[] y, int rows, int cols) {
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, cols)),
                (r0, r1) -> KERNELS.normalize(x, mean, invStd, gamma, beta, y, r0, r1, cols));
    }

    /**
     * With {@code xhat = (x - mean) * invStd} and {@code m} rows: {@code dbeta = sum(dy)},
     * {@code dgamma = sum(dy * xhat)}, {@code dx = gamma * invStd * (dy - dbeta/m - xhat * dgamma/m)}.
     */
    static void backward(float[] x, float[] dy, float[] gamma, float[] mean, float[] invStd, float[] dx, float[] dgamma,
                         float[] dbeta, int rows, int cols) {
        double[] sumDy = columnSums(rows, cols, (r0, r1, acc, o) -> KERNELS.addColumns(dy, r0, r1, cols, acc, o));
        double[] sumDyXhat = columnSums(rows, cols,
                (r0, r1, acc, o) -> KERNELS.addNormalizedProducts(dy, x, mean, invStd, r0, r1, cols, acc, o));
        float[] meanDy = new float[cols], meanDyXhat = new float[cols], scale = new float[cols];
        for (int j = 0; j < cols; j++) {
            dbeta[j] = (float) sumDy[j];
            dgamma[j] = (float) sumDyXhat[j];
            meanDy[j] = (float) (sumDy[j] / rows);
            meanDyXhat[j] = (float) (sumDyXhat[j] / rows);
            scale[j] = gamma[j] * invStd[j];
        }
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, cols)),
                (r0, r1) -> KERNELS.backwardData(x, dy, mean, invStd, scale, meanDy, meanDyXhat, dx, r0, r1, cols));
    }

    /** {@code y = x * scale}, {@code scale} broadcast over the rows. */
    static void scaleLastAxis(float[] x, float[] scale, float[] y, int rows, int cols) {
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, cols)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                for (int j = 0, i = r * cols; j < cols; j++, i++) y[i] = x[i] * scale[j];
            }
        });
    }
}
