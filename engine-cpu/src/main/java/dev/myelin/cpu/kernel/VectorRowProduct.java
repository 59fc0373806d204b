package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowProduct} on 256-bit vectors. B is streamed row by row, in order (a column-block order,
 * stepping down B's rows 2 KB apart, measured slower than packing B): each slice's sums are kept
 * in a block of at most {@link #WIDTH} columns that stays in L1, and four rows of B are added per
 * pass over it, each with a fused multiply-add in k's order, so every element is the same chain
 * as in the tiled kernels. Only loaded when {@link Vectorization} found the module.
 */
final class VectorRowProduct implements RowProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;
    /** Columns of c summed together: 4 KB of sums, in L1 with the four rows of B being read. */
    private static final int WIDTH = 1024;
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[WIDTH]);

    @Override
    public void multiply(int n, int k, float alpha, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
                         boolean accumulate, float[] c, int cOff) {
        float[] sums = SUMS.get();
        int depth = PackedGemm.sliceDepth(k);
        for (int j0 = 0; j0 < n; j0 += WIDTH) {
            int w = Math.min(WIDTH, n - j0), vw = w - w % L;
            for (int p0 = 0; p0 < k; p0 += depth) {
                int p1 = Math.min(k, p0 + depth);
                java.util.Arrays.fill(sums, 0, w, 0f);
                int p = p0;
                for (; p <= p1 - 4; p += 4) {
                    float x0 = alpha * a[aOff + p * aStride], x1 = alpha * a[aOff + (p + 1) * aStride];
                    float x2 = alpha * a[aOff + (p + 2) * aStride], x3 = alpha * a[aOff + (p + 3) * aStride];
                    FloatVector v0 = FloatVector.broadcast(S, x0), v1 = FloatVector.broadcast(S, x1);
                    FloatVector v2 = FloatVector.broadcast(S, x2), v3 = FloatVector.broadcast(S, x3);
                    int r0 = bOff + p * ldb + j0, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb;
                    int j = 0;
                    for (; j < vw; j += L) {
                        FloatVector s = FloatVector.fromArray(S, sums, j);
                        s = v0.fma(FloatVector.fromArray(S, b, r0 + j), s);
                        s = v1.fma(FloatVector.fromArray(S, b, r1 + j), s);
                        s = v2.fma(FloatVector.fromArray(S, b, r2 + j), s);
                        s = v3.fma(FloatVector.fromArray(S, b, r3 + j), s);
                        s.intoArray(sums, j);
                    }
                    for (; j < w; j++) {
                        sums[j] = Math.fma(x3, b[r3 + j], Math.fma(x2, b[r2 + j], Math.fma(x1, b[r1 + j], Math.fma(x0, b[r0 + j], sums[j]))));
                    }
                }
                for (; p < p1; p++) {
                    float x = alpha * a[aOff + p * aStride];
                    FloatVector v = FloatVector.broadcast(S, x);
                    int r = bOff + p * ldb + j0, j = 0;
                    for (; j < vw; j += L) v.fma(FloatVector.fromArray(S, b, r + j), FloatVector.fromArray(S, sums, j)).intoArray(sums, j);
                    for (; j < w; j++) sums[j] = Math.fma(x, b[r + j], sums[j]);
                }
                boolean add = accumulate || p0 > 0;
                int o = cOff + j0;
                for (int j = 0; j < w; j++) c[o + j] = add ? sums[j] + c[o + j] : sums[j];
            }
        }
    }
}
