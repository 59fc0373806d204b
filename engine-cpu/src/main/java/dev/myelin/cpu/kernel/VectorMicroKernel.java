package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on the Vector API: 4 rows x two 256-bit vectors, 8 accumulators updated by
 * FMA from one broadcast of A per row and two loads of B per k step. Why 4 x 16 and not the
 * classic 6 x 16: C2's register allocator spills one of 12 accumulators to the stack (seen in
 * the generated code), and the spilled one's store-to-load chain then throttles the whole loop to
 * a third of peak; 8 accumulators stay in registers and still cover the FMA latency (2 units x 4
 * cycles). Only loaded when {@link Vectorization} found the incubator module usable.
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    /** Why this kernel would be slow here, or null when the hardware runs 256-bit vectors natively. */
    static String unsuitableBecause() {
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        return bits < 256 ? "the CPU's preferred vector width is " + bits + " bits (256 needed)" : null;
    }

    @Override
    public void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        // A plain counted loop with indices linear in p: C2 then drops every bounds check.
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector a0 = FloatVector.broadcast(S, a[ai + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        // Written out: a helper taking vectors as arguments boxes them when C2 declines to inline it.
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        if (accumulate) {
            c00.add(FloatVector.fromArray(S, c, o0)).intoArray(c, o0);
            c01.add(FloatVector.fromArray(S, c, o0 + 8)).intoArray(c, o0 + 8);
            c10.add(FloatVector.fromArray(S, c, o1)).intoArray(c, o1);
            c11.add(FloatVector.fromArray(S, c, o1 + 8)).intoArray(c, o1 + 8);
            c20.add(FloatVector.fromArray(S, c, o2)).intoArray(c, o2);
            c21.add(FloatVector.fromArray(S, c, o2 + 8)).intoArray(c, o2 + 8);
            c30.add(FloatVector.fromArray(S, c, o3)).intoArray(c, o3);
            c31.add(FloatVector.fromArray(S, c, o3 + 8)).intoArray(c, o3 + 8);
        } else {
            c00.intoArray(c, o0);
            c01.intoArray(c, o0 + 8);
            c10.intoArray(c, o1);
            c11.intoArray(c, o1 + 8);
            c20.intoArray(c, o2);
            c21.intoArray(c, o2 + 8);
            c30.intoArray(c, o3);
            c31.intoArray(c, o3 + 8);
        }
    }

    @Override
    public void multiplyRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int a0i = aOff, a1i = a0i + lda, a2i = a1i + lda, a3i = a2i + lda;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector a0 = FloatVector.broadcast(S, a[a0i + p]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[a1i + p]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[a2i + p]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[a3i + p]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        if (accumulate) {
            c00.add(FloatVector.fromArray(S, c, o0)).intoArray(c, o0);
            c01.add(FloatVector.fromArray(S, c, o0 + 8)).intoArray(c, o0 + 8);
            c10.add(FloatVector.fromArray(S, c, o1)).intoArray(c, o1);
            c11.add(FloatVector.fromArray(S, c, o1 + 8)).intoArray(c, o1 + 8);
            c20.add(FloatVector.fromArray(S, c, o2)).intoArray(c, o2);
            c21.add(FloatVector.fromArray(S, c, o2 + 8)).intoArray(c, o2 + 8);
            c30.add(FloatVector.fromArray(S, c, o3)).intoArray(c, o3);
            c31.add(FloatVector.fromArray(S, c, o3 + 8)).intoArray(c, o3 + 8);
        } else {
            c00.intoArray(c, o0);
            c01.intoArray(c, o0 + 8);
            c10.intoArray(c, o1);
            c11.intoArray(c, o1 + 8);
            c20.intoArray(c, o2);
            c21.intoArray(c, o2 + 8);
            c30.intoArray(c, o3);
            c31.intoArray(c, o3 + 8);
        }
    }

    @Override
    public void multiplyHalf(int kc, float[] a, int aOff, int aOff2, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, aj = aOff2 + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bOff + p * NR);
            c0 = FloatVector.broadcast(S, a[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[aj]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[aj + 1]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[aj + 2]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[aj + 3]).fma(b0, c7);
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + ldc);
        c2.intoArray(c, cOff + 2 * ldc);
        c3.intoArray(c, cOff + 3 * ldc);
        c4.intoArray(c, cOff + 4 * ldc);
        c5.intoArray(c, cOff + 5 * ldc);
        c6.intoArray(c, cOff + 6 * ldc);
        c7.intoArray(c, cOff + 7 * ldc);
    }

    @Override
    public void multiplyRowsHalf(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        int r0 = aOff, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda, r6 = r5 + lda, r7 = r6 + lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bOff + p * NR);
            c0 = FloatVector.broadcast(S, a[r0 + p]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[r1 + p]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[r2 + p]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[r3 + p]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[r4 + p]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[r5 + p]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[r6 + p]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[r7 + p]).fma(b0, c7);
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + ldc);
        c2.intoArray(c, cOff + 2 * ldc);
        c3.intoArray(c, cOff + 3 * ldc);
        c4.intoArray(c, cOff + 4 * ldc);
        c5.intoArray(c, cOff + 5 * ldc);
        c6.intoArray(c, cOff + 6 * ldc);
        c7.intoArray(c, cOff + 7 * ldc);
    }

    @Override
    public String name() {
        return "vector-256";
    }
}
