package dev.myelin.cpu.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormKernels} on the Vector API: the element loops 8 channels at a time in float, the
 * column sums 4 channels at a time in double (each column still summed over the rows in order, as
 * the plain loops do). Only loaded when {@link Vectorization} found the module.
 */
final class VectorBatchNormKernels implements BatchNormKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256, HALF = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
    private static final int L = 8, DL = 4;
    private final BatchNormKernels.Scalar scalar = new BatchNormKernels.Scalar();

    private static DoubleVector widened(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(HALF, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    @Override
    public void addColumns(float[] x, int r0, int r1, int cols, double[] acc, int off) {
        int j = 0;
        for (; j <= cols - DL; j += DL) {
            DoubleVector sum = DoubleVector.fromArray(D, acc, off + j);
            for (int r = r0; r < r1; r++) sum = sum.add(widened(x, r * cols + j));
            sum.intoArray(acc, off + j);
        }
        for (; j < cols; j++) {
            double s = acc[off + j];
            for (int r = r0; r < r1; r++) s += x[r * cols + j];
            acc[off + j] = s;
        }
    }

    @Override
    public void addSquaredDeviations(float[] x, double[] mean, int r0, int r1, int cols, double[] acc, int off) {
        int j = 0;
        for (; j <= cols - DL; j += DL) {
            DoubleVector sum = DoubleVector.fromArray(D, acc, off + j), mu = DoubleVector.fromArray(D, mean, j);
            for (int r = r0; r < r1; r++) {
                DoubleVector d = widened(x, r * cols + j).sub(mu);
                sum = sum.add(d.mul(d));
            }
            sum.intoArray(acc, off + j);
        }
        for (; j < cols; j++) {
            double s = acc[off + j];
            for (int r = r0; r < r1; r++) {
                double d = x[r * cols + j] - mean[j];
                s += d * d;
            }
            acc[off + j] = s;
        }
    }

    @Override
    public void addNormalizedProducts(float[] dy, float[] x, float[] mean, float[] invStd, int r0, int r1, int cols,
                                      double[] acc, int off) {
        int j = 0;
        for (; j <= cols - DL; j += DL) {
            DoubleVector sum = DoubleVector.fromArray(D, acc, off + j);
            FloatVector mu = FloatVector.fromArray(HALF, mean, j), inv = FloatVector.fromArray(HALF, invStd, j);
            for (int r = r0; r < r1; r++) {
                int i = r * cols + j;
                FloatVector xhat = FloatVector.fromArray(HALF, x, i).sub(mu).mul(inv);
                DoubleVector product = ((DoubleVector) xhat.convertShape(VectorOperators.F2D, D, 0)).mul(widened(dy, i));
                sum = sum.add(product);
            }
            sum.intoArray(acc, off + j);
        }
        for (; j < cols; j++) {
            double s = acc[off + j];
            for (int r = r0; r < r1; r++) {
                int i = r * cols + j;
                s += (double) dy[i] * ((x[i] - mean[j]) * invStd[j]);
            }
            acc[off + j] = s;
        }
    }

    @Override
    public void normalize(float[] x, float[] mean, float[] invStd, float[] gamma, float[] beta, float[] y, int r0, int r1, int cols) {
        if (cols < L) {
            scalar.normalize(x, mean, invStd, gamma, beta, y, r0, r1, cols);
            return;
        }
        int vectorCols = cols - cols % L;
        for (int r = r0; r < r1; r++) {
            int row = r * cols;
            for (int j = 0; j < vectorCols; j += L) {
                FloatVector.fromArray(S, x, row + j).sub(FloatVector.fromArray(S, mean, j)).mul(FloatVector.fromArray(S, invStd, j))
                        .mul(FloatVector.fromArray(S, gamma, j)).add(FloatVector.fromArray(S, beta, j)).intoArray(y, row + j);
            }
            for (int j = vectorCols, i = row + j; j < cols; j++, i++) y[i] = (x[i] - mean[j]) * invStd[j] * gamma[j] + beta[j];
        }
    }

    @Override
    public void backwardData(float[] x, float[] dy, float[] mean, float[] invStd, float[] scale, float[] meanDy,
                             float[] meanDyXhat, float[] dx, int r0, int r1, int cols) {
        if (cols < L) {
            scalar.backwardData(x, dy, mean, invStd, scale, meanDy, meanDyXhat, dx, r0, r1, cols);
            return;
        }
        int vectorCols = cols - cols % L;
        for (int r = r0; r < r1; r++) {
            int row = r * cols;
            for (int j = 0; j < vectorCols; j += L) {
                FloatVector xhat = FloatVector.fromArray(S, x, row + j).sub(FloatVector.fromArray(S, mean, j))
                        .mul(FloatVector.fromArray(S, invStd, j));
                FloatVector.fromArray(S, dy, row + j).sub(FloatVector.fromArray(S, meanDy, j))
                        .sub(xhat.mul(FloatVector.fromArray(S, meanDyXhat, j)))
                        .mul(FloatVector.fromArray(S, scale, j)).intoArray(dx, row + j);
            }
            for (int j = vectorCols, i = row + j; j < cols; j++, i++) {
                float xhat = (x[i] - mean[j]) * invStd[j];
                dx[i] = scale[j] * (dy[i] - meanDy[j] - xhat * meanDyXhat[j]);
            }
        }
    }
}
