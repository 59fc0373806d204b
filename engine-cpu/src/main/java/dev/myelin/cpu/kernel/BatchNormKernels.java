package dev.myelin.cpu.kernel;

/**
 * Batch normalization's row loops over {@code (rows, cols)} blocks, each with a Vector API
 * implementation chosen by {@link Vectorization} beside the plain one. C2 leaves the plain loops
 * scalar (a per-channel statistic indexed by {@code j} beside the element at {@code r * cols + j}),
 * and they were a quarter of a residual net's training step. Both implementations accumulate each
 * column in double over the rows in order, so they give the same bits.
 */
public interface BatchNormKernels {

    /** {@code acc[off + j] += x[r * cols + j]} for rows {@code [r0, r1)}. */
    void addColumns(float[] x, int r0, int r1, int cols, double[] acc, int off);

    /** {@code acc[off + j] += (x[r * cols + j] - mean[j])^2} for rows {@code [r0, r1)}, in double. */
    void addSquaredDeviations(float[] x, double[] mean, int r0, int r1, int cols, double[] acc, int off);

    /** {@code acc[off + j] += dy[i] * ((x[i] - mean[j]) * invStd[j])} for rows {@code [r0, r1)}, {@code i = r * cols + j}; the product in double. */
    void addNormalizedProducts(float[] dy, float[] x, float[] mean, float[] invStd, int r0, int r1, int cols, double[] acc, int off);

    /** {@code y[i] = (x[i] - mean[j]) * invStd[j] * gamma[j] + beta[j]} for rows {@code [r0, r1)}. */
    void normalize(float[] x, float[] mean, float[] invStd, float[] gamma, float[] beta, float[] y, int r0, int r1, int cols);

    /** {@code dx[i] = scale[j] * (dy[i] - meanDy[j] - (x[i] - mean[j]) * invStd[j] * meanDyXhat[j])} for rows {@code [r0, r1)}. */
    void backwardData(float[] x, float[] dy, float[] mean, float[] invStd, float[] scale, float[] meanDy, float[] meanDyXhat,
                      float[] dx, int r0, int r1, int cols);

    /** The plain loops: the reference, and the fallback without the Vector API. */
    final class Scalar implements BatchNormKernels {
        @Override
        public void addColumns(float[] x, int r0, int r1, int cols, double[] acc, int off) {
            for (int r = r0; r < r1; r++) {
                for (int j = 0; j < cols; j++) acc[off + j] += x[r * cols + j];
            }
        }

        @Override
        public void addSquaredDeviations(float[] x, double[] mean, int r0, int r1, int cols, double[] acc, int off) {
            for (int r = r0; r < r1; r++) {
                for (int j = 0; j < cols; j++) {
                    double d = x[r * cols + j] - mean[j];
                    acc[off + j] += d * d;
                }
            }
        }

        @Override
        public void addNormalizedProducts(float[] dy, float[] x, float[] mean, float[] invStd, int r0, int r1, int cols,
                                          double[] acc, int off) {
            for (int r = r0; r < r1; r++) {
                for (int j = 0, i = r * cols; j < cols; j++, i++) acc[off + j] += (double) dy[i] * ((x[i] - mean[j]) * invStd[j]);
            }
        }

        @Override
        public void normalize(float[] x, float[] mean, float[] invStd, float[] gamma, float[] beta, float[] y, int r0, int r1, int cols) {
            for (int r = r0; r < r1; r++) {
                for (int j = 0, i = r * cols; j < cols; j++, i++) y[i] = (x[i] - mean[j]) * invStd[j] * gamma[j] + beta[j];
            }
        }

        @Override
        public void backwardData(float[] x, float[] dy, float[] mean, float[] invStd, float[] scale, float[] meanDy,
                                 float[] meanDyXhat, float[] dx, int r0, int r1, int cols) {
            for (int r = r0; r < r1; r++) {
                for (int j = 0, i = r * cols; j < cols; j++, i++) {
                    float xhat = (x[i] - mean[j]) * invStd[j];
                    dx[i] = scale[j] * (dy[i] - meanDy[j] - xhat * meanDyXhat[j]);
                }
            }
        }
    }
}
