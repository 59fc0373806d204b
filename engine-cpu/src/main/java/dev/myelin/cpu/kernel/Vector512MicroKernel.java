package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.FMA;

/**
 * {@link VectorMicroKernel} with its 8-row tiles on 512-bit vectors, for CPUs whose preferred
 * vector width is 512 bits. The wide tile: 8 rows x two 16-lane vectors, 16 accumulators updated
 * by FMA from one broadcast of A per row and one load from each of two B panels per k step; the
 * tall tile (an odd last B panel): 8 rows x one vector. AVX-512 has 32 vector
 * registers, so C2 keeps the 16 accumulators, both B vectors and the broadcast in registers (the
 * 12-accumulator tile that spilled on AVX2's 16 did not have that room). On a Zen 5 core the
 * 1024^3 product's tiles alone ran at 240 GFLOP/s this way, against 111 for the 256-bit 4 x 16
 * tile and 215 for a 512-bit 4 x 32 one (whose 8 accumulators leave no slack over the FMA
 * latency). Each C element is still summed along k in order by one lane, so the bits are those of
 * the 256-bit kernel. Everything else (edges, packing) is the 256-bit kernel's.
 */
final class Vector512MicroKernel extends VectorMicroKernel implements WideTileKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

    /** Why this kernel would be slow here, or null when the CPU prefers 512-bit vectors. */
    static String unsuitableBecause() {
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        return bits < 512 ? "the CPU's preferred vector width is " + bits + " bits" : null;
    }

    @Override
    public void multiplyWide(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        // Counted on the first A panel's index, with every other index linear in it, as in multiply.
        int bDelta = bOff - aOff * (NR / MR), aEnd = aOff + kc * MR, secondB = kc * NR, secondA = kc * MR;
        for (int ai = aOff; ai < aEnd; ai += MR) {
            int bi = bDelta + ai * (NR / MR), aj = ai + secondA;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + secondB);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.lanewise(FMA, b0, c00);
            c01 = x.lanewise(FMA, b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.lanewise(FMA, b0, c10);
            c11 = x.lanewise(FMA, b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.lanewise(FMA, b0, c20);
            c21 = x.lanewise(FMA, b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.lanewise(FMA, b0, c30);
            c31 = x.lanewise(FMA, b1, c31);
            x = FloatVector.broadcast(S, a[aj]);
            c40 = x.lanewise(FMA, b0, c40);
            c41 = x.lanewise(FMA, b1, c41);
            x = FloatVector.broadcast(S, a[aj + 1]);
            c50 = x.lanewise(FMA, b0, c50);
            c51 = x.lanewise(FMA, b1, c51);
            x = FloatVector.broadcast(S, a[aj + 2]);
            c60 = x.lanewise(FMA, b0, c60);
            c61 = x.lanewise(FMA, b1, c61);
            x = FloatVector.broadcast(S, a[aj + 3]);
            c70 = x.lanewise(FMA, b0, c70);
            c71 = x.lanewise(FMA, b1, c71);
        }
        // Written out: a helper taking vectors as arguments boxes them when C2 declines to inline
        // it (a helper for these stores ran the 1024^3 product at 9 GFLOP/s).
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        if (accumulate) {
            c00 = c00.lanewise(ADD, FloatVector.fromArray(S, c, o0));
            c01 = c01.lanewise(ADD, FloatVector.fromArray(S, c, o0 + NR));
            c10 = c10.lanewise(ADD, FloatVector.fromArray(S, c, o1));
            c11 = c11.lanewise(ADD, FloatVector.fromArray(S, c, o1 + NR));
            c20 = c20.lanewise(ADD, FloatVector.fromArray(S, c, o2));
            c21 = c21.lanewise(ADD, FloatVector.fromArray(S, c, o2 + NR));
            c30 = c30.lanewise(ADD, FloatVector.fromArray(S, c, o3));
            c31 = c31.lanewise(ADD, FloatVector.fromArray(S, c, o3 + NR));
            c40 = c40.lanewise(ADD, FloatVector.fromArray(S, c, o4));
            c41 = c41.lanewise(ADD, FloatVector.fromArray(S, c, o4 + NR));
            c50 = c50.lanewise(ADD, FloatVector.fromArray(S, c, o5));
            c51 = c51.lanewise(ADD, FloatVector.fromArray(S, c, o5 + NR));
            c60 = c60.lanewise(ADD, FloatVector.fromArray(S, c, o6));
            c61 = c61.lanewise(ADD, FloatVector.fromArray(S, c, o6 + NR));
            c70 = c70.lanewise(ADD, FloatVector.fromArray(S, c, o7));
            c71 = c71.lanewise(ADD, FloatVector.fromArray(S, c, o7 + NR));
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + NR);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + NR);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + NR);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + NR);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + NR);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + NR);
        c60.intoArray(c, o6);
        c61.intoArray(c, o6 + NR);
        c70.intoArray(c, o7);
        c71.intoArray(c, o7 + NR);
    }

    @Override
    public void multiplyRowsWide(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        int secondB = kc * NR;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + secondB);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.lanewise(FMA, b0, c00);
            c01 = x.lanewise(FMA, b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.lanewise(FMA, b0, c10);
            c11 = x.lanewise(FMA, b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.lanewise(FMA, b0, c20);
            c21 = x.lanewise(FMA, b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.lanewise(FMA, b0, c30);
            c31 = x.lanewise(FMA, b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.lanewise(FMA, b0, c40);
            c41 = x.lanewise(FMA, b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.lanewise(FMA, b0, c50);
            c51 = x.lanewise(FMA, b1, c51);
            x = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x.lanewise(FMA, b0, c60);
            c61 = x.lanewise(FMA, b1, c61);
            x = FloatVector.broadcast(S, a[a7 + p]);
            c70 = x.lanewise(FMA, b0, c70);
            c71 = x.lanewise(FMA, b1, c71);
        }
        // Written out: a helper taking vectors as arguments boxes them when C2 declines to inline
        // it (a helper for these stores ran the 1024^3 product at 9 GFLOP/s).
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        if (accumulate) {
            c00 = c00.lanewise(ADD, FloatVector.fromArray(S, c, o0));
            c01 = c01.lanewise(ADD, FloatVector.fromArray(S, c, o0 + NR));
            c10 = c10.lanewise(ADD, FloatVector.fromArray(S, c, o1));
            c11 = c11.lanewise(ADD, FloatVector.fromArray(S, c, o1 + NR));
            c20 = c20.lanewise(ADD, FloatVector.fromArray(S, c, o2));
            c21 = c21.lanewise(ADD, FloatVector.fromArray(S, c, o2 + NR));
            c30 = c30.lanewise(ADD, FloatVector.fromArray(S, c, o3));
            c31 = c31.lanewise(ADD, FloatVector.fromArray(S, c, o3 + NR));
            c40 = c40.lanewise(ADD, FloatVector.fromArray(S, c, o4));
            c41 = c41.lanewise(ADD, FloatVector.fromArray(S, c, o4 + NR));
            c50 = c50.lanewise(ADD, FloatVector.fromArray(S, c, o5));
            c51 = c51.lanewise(ADD, FloatVector.fromArray(S, c, o5 + NR));
            c60 = c60.lanewise(ADD, FloatVector.fromArray(S, c, o6));
            c61 = c61.lanewise(ADD, FloatVector.fromArray(S, c, o6 + NR));
            c70 = c70.lanewise(ADD, FloatVector.fromArray(S, c, o7));
            c71 = c71.lanewise(ADD, FloatVector.fromArray(S, c, o7 + NR));
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + NR);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + NR);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + NR);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + NR);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + NR);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + NR);
        c60.intoArray(c, o6);
        c61.intoArray(c, o6 + NR);
        c70.intoArray(c, o7);
        c71.intoArray(c, o7 + NR);
    }

    /**
     * 24 accumulators, three B loads and eight broadcasts per k step (28 of the 32 vector
     * registers): a third fewer broadcasts per multiply-add than the pair, and the tall tile's
     * B panel no longer swept with only 8 accumulators.
     */
    @Override
    public void multiplyRowsTriple(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00, c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00;
        FloatVector c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        int secondB = kc * NR, thirdB = 2 * kc * NR;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + secondB);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + thirdB);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.lanewise(FMA, b0, c00);
            c01 = x0.lanewise(FMA, b1, c01);
            c02 = x0.lanewise(FMA, b2, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.lanewise(FMA, b0, c10);
            c11 = x1.lanewise(FMA, b1, c11);
            c12 = x1.lanewise(FMA, b2, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.lanewise(FMA, b0, c20);
            c21 = x2.lanewise(FMA, b1, c21);
            c22 = x2.lanewise(FMA, b2, c22);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.lanewise(FMA, b0, c30);
            c31 = x3.lanewise(FMA, b1, c31);
            c32 = x3.lanewise(FMA, b2, c32);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x4.lanewise(FMA, b0, c40);
            c41 = x4.lanewise(FMA, b1, c41);
            c42 = x4.lanewise(FMA, b2, c42);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x5.lanewise(FMA, b0, c50);
            c51 = x5.lanewise(FMA, b1, c51);
            c52 = x5.lanewise(FMA, b2, c52);
            FloatVector x6 = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x6.lanewise(FMA, b0, c60);
            c61 = x6.lanewise(FMA, b1, c61);
            c62 = x6.lanewise(FMA, b2, c62);
            FloatVector x7 = FloatVector.broadcast(S, a[a7 + p]);
            c70 = x7.lanewise(FMA, b0, c70);
            c71 = x7.lanewise(FMA, b1, c71);
            c72 = x7.lanewise(FMA, b2, c72);
        }
        // Written out, as in the wide tile.
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        if (accumulate) {
            c00 = c00.lanewise(ADD, FloatVector.fromArray(S, c, o0));
            c01 = c01.lanewise(ADD, FloatVector.fromArray(S, c, o0 + NR));
            c02 = c02.lanewise(ADD, FloatVector.fromArray(S, c, o0 + 2 * NR));
            c10 = c10.lanewise(ADD, FloatVector.fromArray(S, c, o1));
            c11 = c11.lanewise(ADD, FloatVector.fromArray(S, c, o1 + NR));
            c12 = c12.lanewise(ADD, FloatVector.fromArray(S, c, o1 + 2 * NR));
            c20 = c20.lanewise(ADD, FloatVector.fromArray(S, c, o2));
            c21 = c21.lanewise(ADD, FloatVector.fromArray(S, c, o2 + NR));
            c22 = c22.lanewise(ADD, FloatVector.fromArray(S, c, o2 + 2 * NR));
            c30 = c30.lanewise(ADD, FloatVector.fromArray(S, c, o3));
            c31 = c31.lanewise(ADD, FloatVector.fromArray(S, c, o3 + NR));
            c32 = c32.lanewise(ADD, FloatVector.fromArray(S, c, o3 + 2 * NR));
            c40 = c40.lanewise(ADD, FloatVector.fromArray(S, c, o4));
            c41 = c41.lanewise(ADD, FloatVector.fromArray(S, c, o4 + NR));
            c42 = c42.lanewise(ADD, FloatVector.fromArray(S, c, o4 + 2 * NR));
            c50 = c50.lanewise(ADD, FloatVector.fromArray(S, c, o5));
            c51 = c51.lanewise(ADD, FloatVector.fromArray(S, c, o5 + NR));
            c52 = c52.lanewise(ADD, FloatVector.fromArray(S, c, o5 + 2 * NR));
            c60 = c60.lanewise(ADD, FloatVector.fromArray(S, c, o6));
            c61 = c61.lanewise(ADD, FloatVector.fromArray(S, c, o6 + NR));
            c62 = c62.lanewise(ADD, FloatVector.fromArray(S, c, o6 + 2 * NR));
            c70 = c70.lanewise(ADD, FloatVector.fromArray(S, c, o7));
            c71 = c71.lanewise(ADD, FloatVector.fromArray(S, c, o7 + NR));
            c72 = c72.lanewise(ADD, FloatVector.fromArray(S, c, o7 + 2 * NR));
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + NR);
        c02.intoArray(c, o0 + 2 * NR);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + NR);
        c12.intoArray(c, o1 + 2 * NR);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + NR);
        c22.intoArray(c, o2 + 2 * NR);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + NR);
        c32.intoArray(c, o3 + 2 * NR);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + NR);
        c42.intoArray(c, o4 + 2 * NR);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + NR);
        c52.intoArray(c, o5 + 2 * NR);
        c60.intoArray(c, o6);
        c61.intoArray(c, o6 + NR);
        c62.intoArray(c, o6 + 2 * NR);
        c70.intoArray(c, o7);
        c71.intoArray(c, o7 + NR);
        c72.intoArray(c, o7 + 2 * NR);
    }

    /** {@link #multiplyRowsTriple} from two packed A panels, counted on the first one's index as in {@link #multiplyWide}. */
    @Override
    public void multiplyTriple(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00, c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00;
        FloatVector c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
        int bDelta = bOff - aOff * (NR / MR), aEnd = aOff + kc * MR, secondB = kc * NR, thirdB = 2 * kc * NR, secondA = kc * MR;
        for (int ai = aOff; ai < aEnd; ai += MR) {
            int bi = bDelta + ai * (NR / MR), aj = ai + secondA;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + secondB);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + thirdB);
            FloatVector x0 = FloatVector.broadcast(S, a[ai]);
            c00 = x0.lanewise(FMA, b0, c00);
            c01 = x0.lanewise(FMA, b1, c01);
            c02 = x0.lanewise(FMA, b2, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x1.lanewise(FMA, b0, c10);
            c11 = x1.lanewise(FMA, b1, c11);
            c12 = x1.lanewise(FMA, b2, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x2.lanewise(FMA, b0, c20);
            c21 = x2.lanewise(FMA, b1, c21);
            c22 = x2.lanewise(FMA, b2, c22);
            FloatVector x3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x3.lanewise(FMA, b0, c30);
            c31 = x3.lanewise(FMA, b1, c31);
            c32 = x3.lanewise(FMA, b2, c32);
            FloatVector x4 = FloatVector.broadcast(S, a[aj]);
            c40 = x4.lanewise(FMA, b0, c40);
            c41 = x4.lanewise(FMA, b1, c41);
            c42 = x4.lanewise(FMA, b2, c42);
            FloatVector x5 = FloatVector.broadcast(S, a[aj + 1]);
            c50 = x5.lanewise(FMA, b0, c50);
            c51 = x5.lanewise(FMA, b1, c51);
            c52 = x5.lanewise(FMA, b2, c52);
            FloatVector x6 = FloatVector.broadcast(S, a[aj + 2]);
            c60 = x6.lanewise(FMA, b0, c60);
            c61 = x6.lanewise(FMA, b1, c61);
            c62 = x6.lanewise(FMA, b2, c62);
            FloatVector x7 = FloatVector.broadcast(S, a[aj + 3]);
            c70 = x7.lanewise(FMA, b0, c70);
            c71 = x7.lanewise(FMA, b1, c71);
            c72 = x7.lanewise(FMA, b2, c72);
        }
        // Written out, as in the wide tile.
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        if (accumulate) {
            c00 = c00.lanewise(ADD, FloatVector.fromArray(S, c, o0));
            c01 = c01.lanewise(ADD, FloatVector.fromArray(S, c, o0 + NR));
            c02 = c02.lanewise(ADD, FloatVector.fromArray(S, c, o0 + 2 * NR));
            c10 = c10.lanewise(ADD, FloatVector.fromArray(S, c, o1));
            c11 = c11.lanewise(ADD, FloatVector.fromArray(S, c, o1 + NR));
            c12 = c12.lanewise(ADD, FloatVector.fromArray(S, c, o1 + 2 * NR));
            c20 = c20.lanewise(ADD, FloatVector.fromArray(S, c, o2));
            c21 = c21.lanewise(ADD, FloatVector.fromArray(S, c, o2 + NR));
            c22 = c22.lanewise(ADD, FloatVector.fromArray(S, c, o2 + 2 * NR));
            c30 = c30.lanewise(ADD, FloatVector.fromArray(S, c, o3));
            c31 = c31.lanewise(ADD, FloatVector.fromArray(S, c, o3 + NR));
            c32 = c32.lanewise(ADD, FloatVector.fromArray(S, c, o3 + 2 * NR));
            c40 = c40.lanewise(ADD, FloatVector.fromArray(S, c, o4));
            c41 = c41.lanewise(ADD, FloatVector.fromArray(S, c, o4 + NR));
            c42 = c42.lanewise(ADD, FloatVector.fromArray(S, c, o4 + 2 * NR));
            c50 = c50.lanewise(ADD, FloatVector.fromArray(S, c, o5));
            c51 = c51.lanewise(ADD, FloatVector.fromArray(S, c, o5 + NR));
            c52 = c52.lanewise(ADD, FloatVector.fromArray(S, c, o5 + 2 * NR));
            c60 = c60.lanewise(ADD, FloatVector.fromArray(S, c, o6));
            c61 = c61.lanewise(ADD, FloatVector.fromArray(S, c, o6 + NR));
            c62 = c62.lanewise(ADD, FloatVector.fromArray(S, c, o6 + 2 * NR));
            c70 = c70.lanewise(ADD, FloatVector.fromArray(S, c, o7));
            c71 = c71.lanewise(ADD, FloatVector.fromArray(S, c, o7 + NR));
            c72 = c72.lanewise(ADD, FloatVector.fromArray(S, c, o7 + 2 * NR));
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + NR);
        c02.intoArray(c, o0 + 2 * NR);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + NR);
        c12.intoArray(c, o1 + 2 * NR);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + NR);
        c22.intoArray(c, o2 + 2 * NR);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + NR);
        c32.intoArray(c, o3 + 2 * NR);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + NR);
        c42.intoArray(c, o4 + 2 * NR);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + NR);
        c52.intoArray(c, o5 + 2 * NR);
        c60.intoArray(c, o6);
        c61.intoArray(c, o6 + NR);
        c62.intoArray(c, o6 + 2 * NR);
        c70.intoArray(c, o7);
        c71.intoArray(c, o7 + NR);
        c72.intoArray(c, o7 + 2 * NR);
    }

    /**
     * Eight accumulators, one B load and eight broadcasts per k step: bound by loads, not FMAs,
     * but the odd last B panel of LeNet's conv2 forward (50 columns: a pair, then this) still ran
     * 1.43 times as fast as two 256-bit 4 x 16 tiles (161 against 113 GFLOP/s, 500 deep).
     */
    @Override
    public void multiplyTall(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int bDelta = bOff - aOff * (NR / MR), aEnd = aOff + kc * MR, secondA = kc * MR;
        for (int ai = aOff; ai < aEnd; ai += MR) {
            int aj = ai + secondA;
            FloatVector b0 = FloatVector.fromArray(S, b, bDelta + ai * (NR / MR));
            c0 = FloatVector.broadcast(S, a[ai]).lanewise(FMA, b0, c0);
            c1 = FloatVector.broadcast(S, a[ai + 1]).lanewise(FMA, b0, c1);
            c2 = FloatVector.broadcast(S, a[ai + 2]).lanewise(FMA, b0, c2);
            c3 = FloatVector.broadcast(S, a[ai + 3]).lanewise(FMA, b0, c3);
            c4 = FloatVector.broadcast(S, a[aj]).lanewise(FMA, b0, c4);
            c5 = FloatVector.broadcast(S, a[aj + 1]).lanewise(FMA, b0, c5);
            c6 = FloatVector.broadcast(S, a[aj + 2]).lanewise(FMA, b0, c6);
            c7 = FloatVector.broadcast(S, a[aj + 3]).lanewise(FMA, b0, c7);
        }
        // Written out, as in the wide tile (a helper for these 8 stores boxed the vectors too).
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        if (accumulate) {
            c0 = c0.lanewise(ADD, FloatVector.fromArray(S, c, o0));
            c1 = c1.lanewise(ADD, FloatVector.fromArray(S, c, o1));
            c2 = c2.lanewise(ADD, FloatVector.fromArray(S, c, o2));
            c3 = c3.lanewise(ADD, FloatVector.fromArray(S, c, o3));
            c4 = c4.lanewise(ADD, FloatVector.fromArray(S, c, o4));
            c5 = c5.lanewise(ADD, FloatVector.fromArray(S, c, o5));
            c6 = c6.lanewise(ADD, FloatVector.fromArray(S, c, o6));
            c7 = c7.lanewise(ADD, FloatVector.fromArray(S, c, o7));
        }
        c0.intoArray(c, o0);
        c1.intoArray(c, o1);
        c2.intoArray(c, o2);
        c3.intoArray(c, o3);
        c4.intoArray(c, o4);
        c5.intoArray(c, o5);
        c6.intoArray(c, o6);
        c7.intoArray(c, o7);
    }

    @Override
    public void multiplyRowsTall(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bOff + p * NR);
            c0 = FloatVector.broadcast(S, a[a0 + p]).lanewise(FMA, b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + p]).lanewise(FMA, b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + p]).lanewise(FMA, b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + p]).lanewise(FMA, b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + p]).lanewise(FMA, b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + p]).lanewise(FMA, b0, c5);
            c6 = FloatVector.broadcast(S, a[a6 + p]).lanewise(FMA, b0, c6);
            c7 = FloatVector.broadcast(S, a[a7 + p]).lanewise(FMA, b0, c7);
        }
        // Written out, as in the wide tile (a helper for these 8 stores boxed the vectors too).
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        if (accumulate) {
            c0 = c0.lanewise(ADD, FloatVector.fromArray(S, c, o0));
            c1 = c1.lanewise(ADD, FloatVector.fromArray(S, c, o1));
            c2 = c2.lanewise(ADD, FloatVector.fromArray(S, c, o2));
            c3 = c3.lanewise(ADD, FloatVector.fromArray(S, c, o3));
            c4 = c4.lanewise(ADD, FloatVector.fromArray(S, c, o4));
            c5 = c5.lanewise(ADD, FloatVector.fromArray(S, c, o5));
            c6 = c6.lanewise(ADD, FloatVector.fromArray(S, c, o6));
            c7 = c7.lanewise(ADD, FloatVector.fromArray(S, c, o7));
        }
        c0.intoArray(c, o0);
        c1.intoArray(c, o1);
        c2.intoArray(c, o2);
        c3.intoArray(c, o3);
        c4.intoArray(c, o4);
        c5.intoArray(c, o5);
        c6.intoArray(c, o6);
        c7.intoArray(c, o7);
    }

    @Override
    public String name() {
        return "vector-512";
    }
}
