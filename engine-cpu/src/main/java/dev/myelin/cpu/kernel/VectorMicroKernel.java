package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on the Vector API: 4 rows x two 256-bit vectors, 8 accumulators updated by
 * FMA from one broadcast of A per row and two loads of B per k step. Why 4 x 16 and not the
 * classic 6 x 16: C2's register allocator spills one of 12 accumulators to the stack (seen in
 * the generated code), and the spilled one's store-to-load chain then throttles the whole loop to
 * a third of peak; 8 accumulators stay in registers and still cover the FMA latency (2 units x 4
 * cycles). Only loaded when {@link Vectorization} found the incubator module usable.
 */
class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    /** Lane i to lane i ^ 4, and lane i to lane i ^ 2: the steps of {@link #sumLanes}. */
    private static final VectorShuffle<Float> SWAP_HALVES = VectorShuffle.fromValues(S, 4, 5, 6, 7, 0, 1, 2, 3);
    private static final VectorShuffle<Float> SWAP_PAIRS = VectorShuffle.fromValues(S, 2, 3, 0, 1, 6, 7, 4, 5);
    /**
     * The in-register transpose of {@link #packPanelRows}, as one-vector rearranges and blends:
     * {@code x.rearrange(SPREAD_LOW).blend(y.rearrange(SPREAD_LOW), ODD)} is x0 y0 x1 y1 x2 y2 x3 y3
     * ({@code SPREAD_HIGH}: the same from lanes 4 to 7), and with the {@code PAIRS} shuffles and
     * {@code SECOND_PAIRS} the pairs of pairs, x0 x1 y0 y1 x2 x3 y2 y3. Not the two-vector
     * {@code rearrange(shuffle, v)}: in 3 of 16 JVMs (LeNet's training step at batch 64) C2 did
     * not inline it, so the loaded rows were boxed, 1.5 MB of arrays per step; none of 58 since.
     */
    private static final VectorShuffle<Float> SPREAD_LOW = VectorShuffle.fromValues(S, 0, 0, 1, 1, 2, 2, 3, 3);
    private static final VectorShuffle<Float> SPREAD_HIGH = VectorShuffle.fromValues(S, 4, 4, 5, 5, 6, 6, 7, 7);
    private static final VectorShuffle<Float> PAIRS_LOW = VectorShuffle.fromValues(S, 0, 1, 0, 1, 2, 3, 2, 3);
    private static final VectorShuffle<Float> PAIRS_HIGH = VectorShuffle.fromValues(S, 4, 5, 4, 5, 6, 7, 6, 7);
    private static final VectorMask<Float> ODD = VectorMask.fromValues(S, false, true, false, true, false, true, false, true);
    private static final VectorMask<Float> SECOND_PAIRS = VectorMask.fromValues(S, false, false, true, true, false, false, true, true);
    /** For the last few k steps of {@link #packPanelRows}, fewer than a vector. */
    private static final MicroKernel SCALAR = new ScalarMicroKernel();
    /** B row strides (in floats) at whose multiples {@link #packPanels} reads B row by row. */
    private static final int ROW_ORDER_STRIDE = 128;
    /** MR floats: one k step of an A panel. */
    private static final VectorSpecies<Float> S_MR = FloatVector.SPECIES_128;

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
        // Counted on A's index, with B's linear in it: C2 drops every bounds check, and each k
        // step costs 4 integer instructions instead of 7 (counted on p, both indices were
        // recomputed), which let the loop issue faster: 1024^3 products ran 3-6% faster.
        int bDelta = bOff - aOff * (NR / MR), aEnd = aOff + kc * MR;
        for (int ai = aOff; ai < aEnd; ai += MR) {
            int bi = bDelta + ai * (NR / MR);
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
        // Counted on A's index, as in multiply.
        int bDelta = bOff - aOff * (HALF / MR), ajDelta = aOff2 - aOff, aEnd = aOff + kc * MR;
        for (int ai = aOff; ai < aEnd; ai += MR) {
            int aj = ajDelta + ai;
            FloatVector b0 = FloatVector.fromArray(S, b, bDelta + ai * (HALF / MR));
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
    public void dotRows(int kc, float[] a, int aOff, int lda, int rows, float[] bt, int btOff, int cols, float[] tile) {
        // 4 rows x 2 columns, 8 accumulators as in the main tile; a missing row or column repeats
        // the last one (computed, never stored), so every call runs this one loop.
        int a0 = aOff, a1 = aOff + Math.min(1, rows - 1) * lda, a2 = aOff + Math.min(2, rows - 1) * lda, a3 = aOff + Math.min(3, rows - 1) * lda;
        int vecEnd = kc - kc % S.length();
        for (int j = 0; j < cols; j += 2) {
            int w0 = btOff + j * kc, w1 = btOff + Math.min(j + 1, cols - 1) * kc;
            FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s10 = FloatVector.zero(S), s11 = FloatVector.zero(S);
            FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s30 = FloatVector.zero(S), s31 = FloatVector.zero(S);
            for (int p = 0; p < vecEnd; p += 8) {
                FloatVector b0 = FloatVector.fromArray(S, bt, w0 + p), b1 = FloatVector.fromArray(S, bt, w1 + p);
                FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
                s00 = x0.fma(b0, s00);
                s01 = x0.fma(b1, s01);
                FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
                s10 = x1.fma(b0, s10);
                s11 = x1.fma(b1, s11);
                FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
                s20 = x2.fma(b0, s20);
                s21 = x2.fma(b1, s21);
                FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
                s30 = x3.fma(b0, s30);
                s31 = x3.fma(b1, s31);
            }
            float t00 = sumLanes(s00), t01 = sumLanes(s01), t10 = sumLanes(s10), t11 = sumLanes(s11);
            float t20 = sumLanes(s20), t21 = sumLanes(s21), t30 = sumLanes(s30), t31 = sumLanes(s31);
            for (int p = vecEnd; p < kc; p++) {
                float b0 = bt[w0 + p], b1 = bt[w1 + p];
                t00 += a[a0 + p] * b0;
                t01 += a[a0 + p] * b1;
                t10 += a[a1 + p] * b0;
                t11 += a[a1 + p] * b1;
                t20 += a[a2 + p] * b0;
                t21 += a[a2 + p] * b1;
                t30 += a[a3 + p] * b0;
                t31 += a[a3 + p] * b1;
            }
            // Column j + 1 may be the repeat of j: the tile is NR wide, so the slot exists.
            tile[j] = t00;
            tile[j + 1] = t01;
            tile[NR + j] = t10;
            tile[NR + j + 1] = t11;
            tile[2 * NR + j] = t20;
            tile[2 * NR + j + 1] = t21;
            tile[3 * NR + j] = t30;
            tile[3 * NR + j + 1] = t31;
        }
    }

    @Override
    public void dotRuns(int runs, int kc, float[] a, int aOff, int lda, int runStride, int rows, float[] bt, int btOff, int btRunStride,
                        int cols, float[] tile) {
        // dotRows's 4 x 2 loop with the runs around it: its vector sums go on from run to run.
        int r1 = Math.min(1, rows - 1) * lda, r2 = Math.min(2, rows - 1) * lda, r3 = Math.min(3, rows - 1) * lda;
        int vecEnd = kc - kc % S.length();
        for (int j = 0; j < cols; j += 2) {
            FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s10 = FloatVector.zero(S), s11 = FloatVector.zero(S);
            FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s30 = FloatVector.zero(S), s31 = FloatVector.zero(S);
            float u00 = 0f, u01 = 0f, u10 = 0f, u11 = 0f, u20 = 0f, u21 = 0f, u30 = 0f, u31 = 0f;
            for (int s = 0; s < runs; s++) {
                int a0 = aOff + s * runStride, a1 = a0 + r1, a2 = a0 + r2, a3 = a0 + r3;
                int w0 = btOff + s * btRunStride + j * kc, w1 = btOff + s * btRunStride + Math.min(j + 1, cols - 1) * kc;
                for (int p = 0; p < vecEnd; p += 8) {
                    FloatVector b0 = FloatVector.fromArray(S, bt, w0 + p), b1 = FloatVector.fromArray(S, bt, w1 + p);
                    FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
                    s00 = x0.fma(b0, s00);
                    s01 = x0.fma(b1, s01);
                    FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
                    s10 = x1.fma(b0, s10);
                    s11 = x1.fma(b1, s11);
                    FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
                    s20 = x2.fma(b0, s20);
                    s21 = x2.fma(b1, s21);
                    FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
                    s30 = x3.fma(b0, s30);
                    s31 = x3.fma(b1, s31);
                }
                for (int p = vecEnd; p < kc; p++) {
                    float b0 = bt[w0 + p], b1 = bt[w1 + p];
                    u00 += a[a0 + p] * b0;
                    u01 += a[a0 + p] * b1;
                    u10 += a[a1 + p] * b0;
                    u11 += a[a1 + p] * b1;
                    u20 += a[a2 + p] * b0;
                    u21 += a[a2 + p] * b1;
                    u30 += a[a3 + p] * b0;
                    u31 += a[a3 + p] * b1;
                }
            }
            // Column j + 1 may be the repeat of j: the tile is NR wide, so the slot exists.
            tile[j] = sumLanes(s00) + u00;
            tile[j + 1] = sumLanes(s01) + u01;
            tile[NR + j] = sumLanes(s10) + u10;
            tile[NR + j + 1] = sumLanes(s11) + u11;
            tile[2 * NR + j] = sumLanes(s20) + u20;
            tile[2 * NR + j + 1] = sumLanes(s21) + u21;
            tile[3 * NR + j] = sumLanes(s30) + u30;
            tile[3 * NR + j + 1] = sumLanes(s31) + u31;
        }
    }

    /**
     * The sum of v's lanes in one fixed order, (l0+l4 + l2+l6) + (l1+l5 + l3+l7). Not
     * {@code reduceLanes(ADD)}, whose order is unspecified: it summed one way interpreted and
     * another once C2 had compiled it, so the same training gave other results from run to run.
     */
    private static float sumLanes(FloatVector v) {
        FloatVector s = v.add(v.rearrange(SWAP_HALVES));
        s = s.add(s.rearrange(SWAP_PAIRS));
        return s.lane(0) + s.lane(1);
    }

    /**
     * Panel by panel (one write stream, b read down a column strip) unless b's rows lie a multiple
     * of {@link #ROW_ORDER_STRIDE} floats (512 bytes) apart; then row by row (b read in runs, one
     * write stream per panel). Measured on these loops: panel by panel took 0.5 to 0.9 of the time
     * row by row at row strides of 192 to 1000 and 1536 floats, 256 deep, the less the more panels
     * (LeNet's conv2 filter gradient packs 16 panels of a 256 x 500 patch block: 18.1 -> 10.5 us),
     * but 1.25 to 1.9 times as long at 1024 and 2048 floats (256 to 1024 deep), and 1.1 to 1.4 at
     * 128 floats 784 deep (the MLP's first Dense).
     */
    @Override
    public void packPanels(int kc, int panels, float[] b, int src, int ldb, float[] dst, int d) {
        if (ldb % ROW_ORDER_STRIDE == 0) {
            packPanelsRowByRow(kc, panels, b, src, ldb, dst, d);
            return;
        }
        for (int q = 0; q < panels; q++) {
            int from = src + q * NR, to = d + q * kc * NR;
            for (int p = 0; p < kc; p++) {
                FloatVector.fromArray(S, b, from + p * ldb).intoArray(dst, to + p * NR);
                FloatVector.fromArray(S, b, from + p * ldb + 8).intoArray(dst, to + p * NR + 8);
            }
        }
    }

    private static void packPanelsRowByRow(int kc, int panels, float[] b, int src, int ldb, float[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            int from = src + p * ldb, to = d + p * NR, panelSize = kc * NR;
            // Indices linear in q, so C2 can drop the bounds checks.
            for (int q = 0; q < panels; q++) {
                FloatVector.fromArray(S, b, from + q * NR).intoArray(dst, to + q * panelSize);
                FloatVector.fromArray(S, b, from + q * NR + 8).intoArray(dst, to + q * panelSize + 8);
            }
        }
    }

    @Override
    public void packPanelRows(int kc, float alpha, float[] a, int src, int lda, float[] dst, int d) {
        int s0 = src, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
        int end = kc - kc % 8, p = 0;
        // Eight k steps of the four rows, transposed in registers: rows 0 and 1 interleaved, rows 2
        // and 3 interleaved, then the pairs of pairs, giving the 32 floats of the panel in order.
        for (; p < end; p += 8) {
            FloatVector r0 = FloatVector.fromArray(S, a, s0 + p).mul(alpha), r1 = FloatVector.fromArray(S, a, s1 + p).mul(alpha);
            FloatVector r2 = FloatVector.fromArray(S, a, s2 + p).mul(alpha), r3 = FloatVector.fromArray(S, a, s3 + p).mul(alpha);
            FloatVector low01 = r0.rearrange(SPREAD_LOW).blend(r1.rearrange(SPREAD_LOW), ODD);
            FloatVector high01 = r0.rearrange(SPREAD_HIGH).blend(r1.rearrange(SPREAD_HIGH), ODD);
            FloatVector low23 = r2.rearrange(SPREAD_LOW).blend(r3.rearrange(SPREAD_LOW), ODD);
            FloatVector high23 = r2.rearrange(SPREAD_HIGH).blend(r3.rearrange(SPREAD_HIGH), ODD);
            int o = d + p * MR;
            low01.rearrange(PAIRS_LOW).blend(low23.rearrange(PAIRS_LOW), SECOND_PAIRS).intoArray(dst, o);
            low01.rearrange(PAIRS_HIGH).blend(low23.rearrange(PAIRS_HIGH), SECOND_PAIRS).intoArray(dst, o + 8);
            high01.rearrange(PAIRS_LOW).blend(high23.rearrange(PAIRS_LOW), SECOND_PAIRS).intoArray(dst, o + 16);
            high01.rearrange(PAIRS_HIGH).blend(high23.rearrange(PAIRS_HIGH), SECOND_PAIRS).intoArray(dst, o + 24);
        }
        if (p < kc) SCALAR.packPanelRows(kc - p, alpha, a, src + p, lda, dst, d + p * MR);
    }

    @Override
    public void packPanelTransposed(int kc, float alpha, float[] a, int src, int lda, float[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            FloatVector.fromArray(S_MR, a, src + p * lda).mul(alpha).intoArray(dst, d + p * MR);
        }
    }

    @Override
    public String name() {
        return "vector-256";
    }
}
