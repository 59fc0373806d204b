package dev.myelin.cpu;

import dev.myelin.cpu.kernel.BatchNormKernels;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Vectorization;

import java.util.Arrays;

/**
 * Batch normalization over the rows of {@code (rows, C)}, in two passes over the data each way.
 * The rows are cut into fixed blocks of about 4096 elements (one core's L1 cache), so the results
 * do not depend on the thread count. Training: each block's mean and sum of squared deviations
 * around that mean (two sweeps of a block while it is in cache, in double), merged block by block
 * in order (Chan et al.'s pairwise update), not {@code E[x^2] - E[x]^2}, which cancels badly when
 * the mean is large; then the normalizing pass. Backward: each block's sums of {@code dy} and
 * {@code dy * xhat}, added block by block in order; then the pass that writes {@code dx}.
 */
final class CpuBatchNorm {
    private static final int GRAIN = CpuElementwise.GRAIN;
    private static final int BLOCK = 1 << 12;
    private static final BatchNormKernels KERNELS = Vectorization.batchNormKernels();

    private CpuBatchNorm() {}

    /** Rows per block: about {@link #BLOCK} elements, whatever the thread count. */
    private static int blockRows(int cols) {
        return Math.max(1, BLOCK / Math.max(1, cols));
    }

    /** Runs {@code body} on blocks {@code [b0, b1)} of {@code blocks}, in parallel. */
    private static void forBlocks(int blocks, Parallel.Range body) {
        Parallel.forRange(blocks, Math.max(1, GRAIN / BLOCK), body);
    }

    /** Writes {@code y}, the batch {@code mean} and {@code invStd}. */
    static void training(float[] x, float[] gamma, float[] beta, float epsilon, float[] y, float[] mean, float[] invStd,
                         int rows, int cols) {
        int blockRows = blockRows(cols), blocks = (rows + blockRows - 1) / blockRows;
        double[] blockMean = new double[blocks * cols], blockSquares = new double[blocks * cols];
        forBlocks(blocks, (b0, b1) -> {
            double[] mu = new double[cols];
            for (int b = b0; b < b1; b++) {
                int r0 = b * blockRows, r1 = Math.min(rows, r0 + blockRows);
                Arrays.fill(mu, 0);
                KERNELS.addColumns(x, r0, r1, cols, mu, 0);
                for (int j = 0; j < cols; j++) mu[j] /= r1 - r0;
                System.arraycopy(mu, 0, blockMean, b * cols, cols);
                KERNELS.addSquaredDeviations(x, mu, r0, r1, cols, blockSquares, b * cols);
            }
        });
        double[] mu = new double[cols], squares = new double[cols];
        for (int b = 0; b < blocks; b++) {
            double before = (double) b * blockRows, count = Math.min(rows, (b + 1) * blockRows) - before, after = before + count;
            for (int j = 0; j < cols; j++) {
                double delta = blockMean[b * cols + j] - mu[j];
                mu[j] += delta * (count / after);
                squares[j] += blockSquares[b * cols + j] + delta * delta * (before * count / after);
            }
        }
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
        int blockRows = blockRows(cols), blocks = (rows + blockRows - 1) / blockRows;
        double[] blockDy = new double[blocks * cols], blockDyXhat = new double[blocks * cols];
        forBlocks(blocks, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int r0 = b * blockRows, r1 = Math.min(rows, r0 + blockRows);
                KERNELS.addColumns(dy, r0, r1, cols, blockDy, b * cols);
                KERNELS.addNormalizedProducts(dy, x, mean, invStd, r0, r1, cols, blockDyXhat, b * cols);
            }
        });
        double[] sumDy = new double[cols], sumDyXhat = new double[cols];
        for (int b = 0; b < blocks; b++) {
            for (int j = 0; j < cols; j++) {
                sumDy[j] += blockDy[b * cols + j];
                sumDyXhat[j] += blockDyXhat[b * cols + j];
            }
        }
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
