package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on the Vector API: 6 rows x two 256-bit vectors, 12 accumulators updated by
 * FMA from one broadcast of A and two loads of B per row step. Only loaded when
 * {@link Vectorization} found the incubator module usable; referencing it otherwise would fail.
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    /** Why this kernel would be slow here, or null when the hardware runs 256-bit vectors natively. */
    static String unsuitableBecause() {
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        return bits < 256 ? "the CPU's preferred vector width is " + bits + " bits (256 needed)" : null;
    }

    @Override
    public void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        store(c00, c01, c, cOff, beta);
        store(c10, c11, c, cOff + ldc, beta);
        store(c20, c21, c, cOff + 2 * ldc, beta);
        store(c30, c31, c, cOff + 3 * ldc, beta);
        store(c40, c41, c, cOff + 4 * ldc, beta);
        store(c50, c51, c, cOff + 5 * ldc, beta);
    }

    private static void store(FloatVector lo, FloatVector hi, float[] c, int off, float beta) {
        if (beta == 0f) {
            lo.intoArray(c, off);
            hi.intoArray(c, off + 8);
        } else if (beta == 1f) {
            lo.add(FloatVector.fromArray(S, c, off)).intoArray(c, off);
            hi.add(FloatVector.fromArray(S, c, off + 8)).intoArray(c, off + 8);
        } else {
            FloatVector.fromArray(S, c, off).mul(beta).add(lo).intoArray(c, off);
            FloatVector.fromArray(S, c, off + 8).mul(beta).add(hi).intoArray(c, off + 8);
        }
    }

    @Override
    public String name() {
        return "vector-256";
    }
}
