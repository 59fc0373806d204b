package dev.myelin.cpu.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormKernels} on the Vector API: the column sums in the CPU's preferred double
 * vectors, every float vector at the JVM's one float width ({@link VectorNarrowConvolution#S}), so
 * that the JVM has one float width (see {@link Vector512EdgeTiles} for why). The column sums sweep
 * the rows once per panel of two double vectors (16 channels with AVX-512, one sweep for a
 * 16-channel layer), each column still summed over the rows in order, as the plain loops do; the
 * element loops take a row's channels a whole float vector at a time, then 8 floats (the low half
 * of a 512-bit vector, through a mask), then one by one. Only loaded when {@link Vectorization}
 * found the module.
 */
final class VectorBatchNormKernels implements BatchNormKernels {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = VectorNarrowConvolution.S;
    /** As many floats as {@link #D} has doubles, widened one to one. */
    private static final VectorSpecies<Float> DF = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int DL = D.length(), FL = F.length();
    /** Where F is 512 bits and DF narrower: DF's floats are read as F's low lanes, through a mask, so no vector has DF's width. */
    private static final boolean DF_IN_F = F.vectorBitSize() == 512 && DF.length() < FL;
    private static final VectorMask<Float> DF_LANES = F.indexInRange(0, DL);
    /** Where F is 512 bits: its low 8 lanes, for a row's last 8 to 15 channels. */
    private static final boolean HALF_OF_F = FL == 16;
    private static final VectorMask<Float> EIGHT = F.indexInRange(0, 8);

    /** DL floats from {@code a[i]}, in the low lanes of the vector. */
    private static FloatVector floats(float[] a, int i) {
        return DF_IN_F ? FloatVector.fromArray(F, a, i, DF_LANES) : FloatVector.fromArray(DF, a, i);
    }

    private static DoubleVector widened(float[] a, int i) {
        return (DoubleVector) floats(a, i).convertShape(VectorOperators.F2D, D, 0);
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
        FloatVector xhat = floats(x, i).sub(mu).mul(inv);
        return ((DoubleVector) xhat.convertShape(VectorOperators.F2D, D, 0)).mul(widened(dy, i));
    }

    @Override
    public void addNormalizedProducts(float[] dy, float[] x, float[] mean, float[] invStd, int r0, int r1, int cols,
                                      double[] acc, int off) {
        int j = 0;
        for (; j + 2 * DL <= cols; j += 2 * DL) {
            DoubleVector s0 = DoubleVector.fromArray(D, acc, off + j), s1 = DoubleVector.fromArray(D, acc, off + j + DL);
            FloatVector mu0 = floats(mean, j), inv0 = floats(invStd, j);
            FloatVector mu1 = floats(mean, j + DL), inv1 = floats(invStd, j + DL);
            for (int i = r0 * cols + j, end = r1 * cols; i < end; i += cols) {
                s0 = s0.add(product(dy, x, mu0, inv0, i));
                s1 = s1.add(product(dy, x, mu1, inv1, i + DL));
            }
            s0.intoArray(acc, off + j);
            s1.intoArray(acc, off + j + DL);
        }
        for (; j + DL <= cols; j += DL) {
            DoubleVector s = DoubleVector.fromArray(D, acc, off + j);
            FloatVector mu = floats(mean, j), inv = floats(invStd, j);
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
            for (; HALF_OF_F && j + 8 <= cols; j += 8) {
                FloatVector.fromArray(F, x, row + j, EIGHT).sub(FloatVector.fromArray(F, mean, j, EIGHT)).mul(FloatVector.fromArray(F, invStd, j, EIGHT))
                        .mul(FloatVector.fromArray(F, gamma, j, EIGHT)).add(FloatVector.fromArray(F, beta, j, EIGHT)).intoArray(y, row + j, EIGHT);
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
            for (; HALF_OF_F && j + 8 <= cols; j += 8) {
                FloatVector xhat = FloatVector.fromArray(F, x, row + j, EIGHT).sub(FloatVector.fromArray(F, mean, j, EIGHT))
                        .mul(FloatVector.fromArray(F, invStd, j, EIGHT));
                FloatVector.fromArray(F, dy, row + j, EIGHT).sub(FloatVector.fromArray(F, meanDy, j, EIGHT))
                        .sub(xhat.mul(FloatVector.fromArray(F, meanDyXhat, j, EIGHT))).mul(FloatVector.fromArray(F, scale, j, EIGHT)).intoArray(dx, row + j, EIGHT);
            }
            for (int i = row + j; j < cols; j++, i++) {
                float xhat = (x[i] - mean[j]) * invStd[j];
                dx[i] = scale[j] * (dy[i] - meanDy[j] - xhat * meanDyXhat[j]);
            }
        }
    }
}
