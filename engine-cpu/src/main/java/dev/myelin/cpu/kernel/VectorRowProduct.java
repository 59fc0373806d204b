package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowProduct} on 256-bit vectors: 32 columns of c at a time in four accumulators, each row
 * of B's block one 128-byte read. Only loaded when {@link Vectorization} found the module.
 */
final class VectorRowProduct implements RowProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8, BLOCK = 4 * L;

    @Override
    public void multiply(int n, int k, float alpha, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
                         boolean accumulate, float[] c, int cOff) {
        int depth = PackedGemm.sliceDepth(k);
        for (int p0 = 0; p0 < k; p0 += depth) {
            int p1 = Math.min(k, p0 + depth);
            boolean add = accumulate || p0 > 0;
            int j = 0;
            for (; j <= n - BLOCK; j += BLOCK) block(p0, p1, alpha, a, aOff, aStride, b, bOff + j, ldb, add, c, cOff + j);
            for (; j <= n - L; j += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int p = p0; p < p1; p++) {
                    acc = FloatVector.broadcast(S, alpha * a[aOff + p * aStride]).fma(FloatVector.fromArray(S, b, bOff + p * ldb + j), acc);
                }
                store(acc, add, c, cOff + j);
            }
            for (; j < n; j++) {
                float acc = 0f;
                for (int p = p0; p < p1; p++) acc = Math.fma(alpha * a[aOff + p * aStride], b[bOff + p * ldb + j], acc);
                c[cOff + j] = add ? acc + c[cOff + j] : acc;
            }
        }
    }

    private static void block(int p0, int p1, float alpha, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
                              boolean add, float[] c, int cOff) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = p0; p < p1; p++) {
            FloatVector x = FloatVector.broadcast(S, alpha * a[aOff + p * aStride]);
            int row = bOff + p * ldb;
            c0 = x.fma(FloatVector.fromArray(S, b, row), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, row + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, row + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, row + 3 * L), c3);
        }
        store(c0, add, c, cOff);
        store(c1, add, c, cOff + L);
        store(c2, add, c, cOff + 2 * L);
        store(c3, add, c, cOff + 3 * L);
    }

    private static void store(FloatVector acc, boolean add, float[] c, int at) {
        (add ? acc.add(FloatVector.fromArray(S, c, at)) : acc).intoArray(c, at);
    }
}
