package dev.myelin.cpu.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormKernels} on the Vector API: the column sums in the CPU's preferred double
 * vectors, the element loops at the float width the convolutions use
 * ({@link VectorNarrowConvolution#S}, so that {@code -Dmyelin.cpu.vectorBits=256} leaves no 512-bit
 * float vector in the JVM). The column sums sweep the rows once per panel of two double vectors
 * (16 channels with AVX-512, one sweep for a 16-channel layer), each column still summed over the
 * rows in order, as the plain loops do; the element loops take a row's channels a whole float
 * vector at a time, then half a one (8 floats), then one by one. Only loaded when
 * {@link Vectorization} found the module.
 */
final class VectorBatchNormKernels implements BatchNormKernels {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as {@link #D} has doubles, widened one to one. */
    private static final VectorSpecies<Float> DF = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final VectorSpecies<Float> F = VectorNarrowConvolution.S, F8 = FloatVector.SPECIES_256;
    private static final int DL = D.length(), FL = F.length(), L8 = F8.length();

    private static DoubleVector widened(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(DF, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    @Override
    public void addColumns(float[] x, int r0, int r1, int cols, double[] acc, int off) {
        int j = 0;
        for (; j + 2 * DL <= cols; j += 2 * DL) {
            DoubleVector s0 = DoubleVector.fromArray(D, acc, off + j), s1 = DoubleVector.fromArray(D, acc, off + j + DL);
            for (int i = r0 * cols + j, end = r1 * cols; i < end; i += cols) {
                s0 = s0.add(widened(x, i));
                s1 = s1.add(widened(x, i + DL));
            }
            s0.intoArray(acc, off + j);
            s1.intoArray(acc, off + j + DL);
        }
        for (; j + DL <= cols; j += DL) {
            DoubleVector s = DoubleVector.fromArray(D, acc, off + j);
            for (int i = r0 * cols + j, end = r1 * cols; i < end; i += cols) s = s.add(widened(x, i));
            s.intoArray(acc, off + j);
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
        for (; j + 2 * DL <= cols; j += 2 * DL) {
            DoubleVector s0 = DoubleVector.fromArray(D, acc, off + j), s1 = DoubleVector.fromArray(D, acc, off + j + DL);
            DoubleVector m0 = DoubleVector.fromArray(D, mean, j), m1 = DoubleVector.fromArray(D, mean, j + DL);
            for (int i = r0 * cols + j, end = r1 * cols; i < end; i += cols) {
                DoubleVector d0 = widened(x, i).sub(m0), d1 = widened(x, i + DL).sub(m1);
                s0 = s0.add(d0.mul(d0));
                s1 = s1.add(d1.mul(d1));
            }
            s0.intoArray(acc, off + j);
            s1.intoArray(acc, off + j + DL);
        }
        for (; j + DL <= cols; j += DL) {
            DoubleVector s = DoubleVector.fromArray(D, acc, off + j), m = DoubleVector.fromArray(D, mean, j);
            for (int i = r0 * cols + j, end = r1 * cols; i < end; i += cols) {
                DoubleVector d = widened(x, i).sub(m);
                s = s.add(d.mul(d));
            }
            s.intoArray(acc, off + j);
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

    /** {@code dy * xhat} widened, {@code xhat = (x - mu) * inv} in float, as the plain loop rounds it. */
    private static DoubleVector product(float[] dy, float[] x, FloatVector mu, FloatVector inv, int i) {
        FloatVector xhat = FloatVector.fromArray(DF, x, i).sub(mu).mul(inv);
        return ((DoubleVector) xhat.convertShape(VectorOperators.F2D, D, 0)).mul(widened(dy, i));
    }

    @Override
    public void addNormalizedProducts(float[] dy, float[] x, float[] mean, float[] invStd, int r0, int r1, int cols,
                                      double[] acc, int off) {
        int j = 0;
        for (; j + 2 * DL <= cols; j += 2 * DL) {
            DoubleVector s0 = DoubleVector.fromArray(D, acc, off + j), s1 = DoubleVector.fromArray(D, acc, off + j + DL);
            FloatVector mu0 = FloatVector.fromArray(DF, mean, j), inv0 = FloatVector.fromArray(DF, invStd, j);
            FloatVector mu1 = FloatVector.fromArray(DF, mean, j + DL), inv1 = FloatVector.fromArray(DF, invStd, j + DL);
            for (int i = r0 * cols + j, end = r1 * cols; i < end; i += cols) {
                s0 = s0.add(product(dy, x, mu0, inv0, i));
                s1 = s1.add(product(dy, x, mu1, inv1, i + DL));
            }
            s0.intoArray(acc, off + j);
            s1.intoArray(acc, off + j + DL);
        }
        for (; j + DL <= cols; j += DL) {
            DoubleVector s = DoubleVector.fromArray(D, acc, off + j);
            FloatVector mu = FloatVector.fromArray(DF, mean, j), inv = FloatVector.fromArray(DF, invStd, j);
            for (int i = r0 * cols + j, end = r1 * cols; i < end; i += cols) s = s.add(product(dy, x, mu, inv, i));
            s.intoArray(acc, off + j);
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

    // The species is a constant in each loop below: passed as an argument it would not be one to the JIT
    // (both widths reach a shared helper), and the Vector API falls back to its slow generic path.

    @Override
    public void normalize(float[] x, float[] mean, float[] invStd, float[] gamma, float[] beta, float[] y, int r0, int r1, int cols) {
        for (int r = r0; r < r1; r++) {
            int row = r * cols, j = 0;
            for (; j + FL <= cols; j += FL) {
                FloatVector.fromArray(F, x, row + j).sub(FloatVector.fromArray(F, mean, j)).mul(FloatVector.fromArray(F, invStd, j))
                        .mul(FloatVector.fromArray(F, gamma, j)).add(FloatVector.fromArray(F, beta, j)).intoArray(y, row + j);
            }
            for (; j + L8 <= cols; j += L8) {
                FloatVector.fromArray(F8, x, row + j).sub(FloatVector.fromArray(F8, mean, j)).mul(FloatVector.fromArray(F8, invStd, j))
                        .mul(FloatVector.fromArray(F8, gamma, j)).add(FloatVector.fromArray(F8, beta, j)).intoArray(y, row + j);
            }
            for (int i = row + j; j < cols; j++, i++) y[i] = (x[i] - mean[j]) * invStd[j] * gamma[j] + beta[j];
        }
    }

    @Override
    public void backwardData(float[] x, float[] dy, float[] mean, float[] invStd, float[] scale, float[] meanDy,
                             float[] meanDyXhat, float[] dx, int r0, int r1, int cols) {
        for (int r = r0; r < r1; r++) {
            int row = r * cols, j = 0;
            for (; j + FL <= cols; j += FL) {
                FloatVector xhat = FloatVector.fromArray(F, x, row + j).sub(FloatVector.fromArray(F, mean, j))
                        .mul(FloatVector.fromArray(F, invStd, j));
                FloatVector.fromArray(F, dy, row + j).sub(FloatVector.fromArray(F, meanDy, j))
                        .sub(xhat.mul(FloatVector.fromArray(F, meanDyXhat, j))).mul(FloatVector.fromArray(F, scale, j)).intoArray(dx, row + j);
            }
            for (; j + L8 <= cols; j += L8) {
                FloatVector xhat = FloatVector.fromArray(F8, x, row + j).sub(FloatVector.fromArray(F8, mean, j))
                        .mul(FloatVector.fromArray(F8, invStd, j));
                FloatVector.fromArray(F8, dy, row + j).sub(FloatVector.fromArray(F8, meanDy, j))
                        .sub(xhat.mul(FloatVector.fromArray(F8, meanDyXhat, j))).mul(FloatVector.fromArray(F8, scale, j)).intoArray(dx, row + j);
            }
            for (int i = row + j; j < cols; j++, i++) {
                float xhat = (x[i] - mean[j]) * invStd[j];
                dx[i] = scale[j] * (dy[i] - meanDy[j] - xhat * meanDyXhat[j]);
            }
        }
    }
}
