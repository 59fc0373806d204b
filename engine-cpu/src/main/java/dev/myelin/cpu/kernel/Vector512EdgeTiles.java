package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MicroKernel}'s MR x NR tiles, narrow-panel tiles and packing copies on 512-bit vectors,
 * under {@link Vector512MicroKernel}'s 8-row tiles, so that a JVM running that kernel makes no
 * 256-bit vector at all. Why it matters: C2 inlines the Vector API through the JDK's shared
 * {@code FloatVector} methods, whose type profiles the two widths would fill together; then now
 * and then a JVM compiles a 512-bit tile with {@code fma} left on its Java fallback and runs 2 to
 * 7 times slower from start to end (benchmarks/RESULTS.md, "Slow JVMs").
 *
 * <p>The bits are those of {@link VectorMicroKernel}: a tile's row of NR columns is one 16-lane
 * vector, each C element summed along k in order by one lane; the 8-wide tiles
 * ({@link #multiplyHalf}) keep their 8 lanes, loaded and stored through a mask of the low half, and
 * so do the dot products along k ({@link #dotRows}, {@link #dotRuns}), so their sums run in the
 * 256-bit kernel's order.
 */
abstract class Vector512EdgeTiles implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    /** The low 8 lanes: the 256-bit kernel's vectors. */
    private static final VectorMask<Float> EIGHT = S.indexInRange(0, 8);
    /** MR lanes: one k step of an A panel. */
    private static final VectorMask<Float> ROWS = S.indexInRange(0, MR);
    /**
     * Summing the lanes of two 8-lane accumulators in one vector, in {@link VectorMicroKernel}'s order,
     * (l0+l4 + l2+l6) + (l1+l5 + l3+l7): the low 8 lanes of each side by side, then lane i and i ^ 4
     * added, then lane i and i ^ 2.
     */
    private static final VectorShuffle<Float> LOWS = VectorShuffle.fromOp(S, i -> i < 8 ? i : i - 24);
    private static final VectorShuffle<Float> SWAP_HALVES = VectorShuffle.fromOp(S, i -> i ^ 4);
    private static final VectorShuffle<Float> SWAP_PAIRS = VectorShuffle.fromOp(S, i -> i ^ 2);
    /** Lanes 8 to 15 into lanes 0 to 7 (and kept there): the next 8 steps of k in the low half. */
    private static final VectorShuffle<Float> HIGH_DOWN = VectorShuffle.fromOp(S, i -> 8 + i % 8);
    /**
     * Two-vector rearranges for {@link #packPanelRows} (an index below 0 takes lane index + 16 of
     * the second vector): x0 y0 x1 y1 ... x7 y7 from lanes 0 to 7, the same from lanes 8 to 15;
     * then pairs of pairs, x0 x1 y0 y1 x2 x3 y2 y3 ... from lanes 0 to 7 of each, and from 8 to 15.
     */
    private static final VectorShuffle<Float> INTERLEAVE_LOW = VectorShuffle.fromOp(S, i -> i / 2 - (i % 2) * L);
    private static final VectorShuffle<Float> INTERLEAVE_HIGH = VectorShuffle.fromOp(S, i -> L / 2 + i / 2 - (i % 2) * L);
    private static final VectorShuffle<Float> PAIRS_LOW = VectorShuffle.fromOp(S, i -> i / 4 * 2 + i % 2 - (i / 2 % 2) * L);
    private static final VectorShuffle<Float> PAIRS_HIGH = VectorShuffle.fromOp(S, i -> L / 2 + i / 4 * 2 + i % 2 - (i / 2 % 2) * L);
    /** For the last few k steps of {@link #packPanelRows}, fewer than a vector. */
    private static final MicroKernel SCALAR = new ScalarMicroKernel();
    /** B row strides (in floats) at whose multiples {@link #packPanels} reads B row by row (see {@link VectorMicroKernel#packPanels}). */
    private static final int ROW_ORDER_STRIDE = 128;

    @Override
    public void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int bDelta = bOff - aOff * (NR / MR), aEnd = aOff + kc * MR;
        for (int ai = aOff; ai < aEnd; ai += MR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bDelta + ai * (NR / MR));
            c0 = FloatVector.broadcast(S, a[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ai + 3]).fma(b0, c3);
        }
        // Written out: a helper taking vectors as arguments boxes them when C2 declines to inline it.
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        if (accumulate) {
            c0 = c0.add(FloatVector.fromArray(S, c, o0));
            c1 = c1.add(FloatVector.fromArray(S, c, o1));
            c2 = c2.add(FloatVector.fromArray(S, c, o2));
            c3 = c3.add(FloatVector.fromArray(S, c, o3));
        }
        c0.intoArray(c, o0);
        c1.intoArray(c, o1);
        c2.intoArray(c, o2);
        c3.intoArray(c, o3);
    }

    @Override
    public void multiplyRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bOff + p * NR);
            c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
        }
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        if (accumulate) {
            c0 = c0.add(FloatVector.fromArray(S, c, o0));
            c1 = c1.add(FloatVector.fromArray(S, c, o1));
            c2 = c2.add(FloatVector.fromArray(S, c, o2));
            c3 = c3.add(FloatVector.fromArray(S, c, o3));
        }
        c0.intoArray(c, o0);
        c1.intoArray(c, o1);
        c2.intoArray(c, o2);
        c3.intoArray(c, o3);
    }

    @Override
    public void multiplyHalf(int kc, float[] a, int aOff, int aOff2, float[] b, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int bDelta = bOff - aOff * (HALF / MR), ajDelta = aOff2 - aOff, aEnd = aOff + kc * MR;
        for (int ai = aOff; ai < aEnd; ai += MR) {
            int aj = ajDelta + ai;
            FloatVector b0 = FloatVector.fromArray(S, b, bDelta + ai * (HALF / MR), EIGHT);
            c0 = FloatVector.broadcast(S, a[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[aj]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[aj + 1]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[aj + 2]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[aj + 3]).fma(b0, c7);
        }
        c0.intoArray(c, cOff, EIGHT);
        c1.intoArray(c, cOff + ldc, EIGHT);
        c2.intoArray(c, cOff + 2 * ldc, EIGHT);
        c3.intoArray(c, cOff + 3 * ldc, EIGHT);
        c4.intoArray(c, cOff + 4 * ldc, EIGHT);
        c5.intoArray(c, cOff + 5 * ldc, EIGHT);
        c6.intoArray(c, cOff + 6 * ldc, EIGHT);
        c7.intoArray(c, cOff + 7 * ldc, EIGHT);
    }

    /**
     * {@link VectorMicroKernel#dotRows}: 4 rows x 2 columns, 8 accumulators whose low 8 lanes
     * are the 256-bit kernel's, a missing row or column repeating the last. Each load takes 16
     * steps of k, the 8 that count now in the low lanes and the next 8, moved down by a rearrange,
     * for the next step: as many loads as the 256-bit kernel per two steps (512-bit loads of every
     * 8 steps were half as fast, split across cache lines), and no load past the rows' kc floats.
     */
    @Override
    public void dotRows(int kc, float[] a, int aOff, int lda, int rows, float[] bt, int btOff, int cols, float[] tile) {
        int a0 = aOff, a1 = aOff + Math.min(1, rows - 1) * lda, a2 = aOff + Math.min(2, rows - 1) * lda, a3 = aOff + Math.min(3, rows - 1) * lda;
        int vecEnd = kc - kc % 8;
        for (int j = 0; j < cols; j += 2) {
            int w0 = btOff + j * kc, w1 = btOff + Math.min(j + 1, cols - 1) * kc;
            FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
            int p = 0;
            for (; p + L <= vecEnd; p += L) {
                FloatVector b0 = FloatVector.fromArray(S, bt, w0 + p), b1 = FloatVector.fromArray(S, bt, w1 + p);
                FloatVector x0 = FloatVector.fromArray(S, a, a0 + p), x1 = FloatVector.fromArray(S, a, a1 + p);
                FloatVector x2 = FloatVector.fromArray(S, a, a2 + p), x3 = FloatVector.fromArray(S, a, a3 + p);
                s00 = x0.fma(b0, s00);
                s01 = x0.fma(b1, s01);
                s10 = x1.fma(b0, s10);
                s11 = x1.fma(b1, s11);
                s20 = x2.fma(b0, s20);
                s21 = x2.fma(b1, s21);
                s30 = x3.fma(b0, s30);
                s31 = x3.fma(b1, s31);
                b0 = b0.rearrange(HIGH_DOWN);
                b1 = b1.rearrange(HIGH_DOWN);
                x0 = x0.rearrange(HIGH_DOWN);
                s00 = x0.fma(b0, s00);
                s01 = x0.fma(b1, s01);
                x1 = x1.rearrange(HIGH_DOWN);
                s10 = x1.fma(b0, s10);
                s11 = x1.fma(b1, s11);
                x2 = x2.rearrange(HIGH_DOWN);
                s20 = x2.fma(b0, s20);
                s21 = x2.fma(b1, s21);
                x3 = x3.rearrange(HIGH_DOWN);
                s30 = x3.fma(b0, s30);
                s31 = x3.fma(b1, s31);
            }
            if (p < vecEnd) {
                // One step of 8 left: read as the high half of the 16 floats before its end, or through a mask when kc < 16.
                if (p >= 8) {
                    int q = p - 8;
                    FloatVector b0 = FloatVector.fromArray(S, bt, w0 + q).rearrange(HIGH_DOWN);
                    FloatVector b1 = FloatVector.fromArray(S, bt, w1 + q).rearrange(HIGH_DOWN);
                    FloatVector x0 = FloatVector.fromArray(S, a, a0 + q).rearrange(HIGH_DOWN);
                    FloatVector x1 = FloatVector.fromArray(S, a, a1 + q).rearrange(HIGH_DOWN);
                    FloatVector x2 = FloatVector.fromArray(S, a, a2 + q).rearrange(HIGH_DOWN);
                    FloatVector x3 = FloatVector.fromArray(S, a, a3 + q).rearrange(HIGH_DOWN);
                    s00 = x0.fma(b0, s00);
                    s01 = x0.fma(b1, s01);
                    s10 = x1.fma(b0, s10);
                    s11 = x1.fma(b1, s11);
                    s20 = x2.fma(b0, s20);
                    s21 = x2.fma(b1, s21);
                    s30 = x3.fma(b0, s30);
                    s31 = x3.fma(b1, s31);
                } else {
                    FloatVector b0 = FloatVector.fromArray(S, bt, w0, EIGHT);
                    FloatVector b1 = FloatVector.fromArray(S, bt, w1, EIGHT);
                    FloatVector x0 = FloatVector.fromArray(S, a, a0, EIGHT);
                    FloatVector x1 = FloatVector.fromArray(S, a, a1, EIGHT);
                    FloatVector x2 = FloatVector.fromArray(S, a, a2, EIGHT);
                    FloatVector x3 = FloatVector.fromArray(S, a, a3, EIGHT);
                    s00 = x0.fma(b0, s00);
                    s01 = x0.fma(b1, s01);
                    s10 = x1.fma(b0, s10);
                    s11 = x1.fma(b1, s11);
                    s20 = x2.fma(b0, s20);
                    s21 = x2.fma(b1, s21);
                    s30 = x3.fma(b0, s30);
                    s31 = x3.fma(b1, s31);
                }
            }
            // Each accumulator's lanes summed in VectorMicroKernel's order, two accumulators per vector (written
            // out: C2 declined to inline a helper here, and boxed its vectors, 6 GB a second).
            FloatVector m = s00.rearrange(LOWS, s01);
            m = m.add(m.rearrange(SWAP_HALVES));
            m = m.add(m.rearrange(SWAP_PAIRS));
            float t00 = m.lane(0) + m.lane(1), t01 = m.lane(8) + m.lane(9);
            m = s10.rearrange(LOWS, s11);
            m = m.add(m.rearrange(SWAP_HALVES));
            m = m.add(m.rearrange(SWAP_PAIRS));
            float t10 = m.lane(0) + m.lane(1), t11 = m.lane(8) + m.lane(9);
            m = s20.rearrange(LOWS, s21);
            m = m.add(m.rearrange(SWAP_HALVES));
            m = m.add(m.rearrange(SWAP_PAIRS));
            float t20 = m.lane(0) + m.lane(1), t21 = m.lane(8) + m.lane(9);
            m = s30.rearrange(LOWS, s31);
            m = m.add(m.rearrange(SWAP_HALVES));
            m = m.add(m.rearrange(SWAP_PAIRS));
            float t30 = m.lane(0) + m.lane(1), t31 = m.lane(8) + m.lane(9);
            for (p = vecEnd; p < kc; p++) {
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

    /** {@link VectorMicroKernel#dotRuns}, its runs' steps loaded as in {@link #dotRows}. */
    @Override
    public void dotRuns(int runs, int kc, float[] a, int aOff, int lda, int runStride, int rows, float[] bt, int btOff, int btRunStride,
                        int cols, float[] tile) {
        int r1 = Math.min(1, rows - 1) * lda, r2 = Math.min(2, rows - 1) * lda, r3 = Math.min(3, rows - 1) * lda;
        int vecEnd = kc - kc % 8;
        for (int j = 0; j < cols; j += 2) {
            FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
            float u00 = 0f, u01 = 0f, u10 = 0f, u11 = 0f, u20 = 0f, u21 = 0f, u30 = 0f, u31 = 0f;
            for (int s = 0; s < runs; s++) {
                int a0 = aOff + s * runStride, a1 = a0 + r1, a2 = a0 + r2, a3 = a0 + r3;
                int w0 = btOff + s * btRunStride + j * kc, w1 = btOff + s * btRunStride + Math.min(j + 1, cols - 1) * kc;
                int p = 0;
                for (; p + L <= vecEnd; p += L) {
                    FloatVector b0 = FloatVector.fromArray(S, bt, w0 + p), b1 = FloatVector.fromArray(S, bt, w1 + p);
                    FloatVector x0 = FloatVector.fromArray(S, a, a0 + p), x1 = FloatVector.fromArray(S, a, a1 + p);
                    FloatVector x2 = FloatVector.fromArray(S, a, a2 + p), x3 = FloatVector.fromArray(S, a, a3 + p);
                    s00 = x0.fma(b0, s00);
                    s01 = x0.fma(b1, s01);
                    s10 = x1.fma(b0, s10);
                    s11 = x1.fma(b1, s11);
                    s20 = x2.fma(b0, s20);
                    s21 = x2.fma(b1, s21);
                    s30 = x3.fma(b0, s30);
                    s31 = x3.fma(b1, s31);
                    b0 = b0.rearrange(HIGH_DOWN);
                    b1 = b1.rearrange(HIGH_DOWN);
                    x0 = x0.rearrange(HIGH_DOWN);
                    s00 = x0.fma(b0, s00);
                    s01 = x0.fma(b1, s01);
                    x1 = x1.rearrange(HIGH_DOWN);
                    s10 = x1.fma(b0, s10);
                    s11 = x1.fma(b1, s11);
                    x2 = x2.rearrange(HIGH_DOWN);
                    s20 = x2.fma(b0, s20);
                    s21 = x2.fma(b1, s21);
                    x3 = x3.rearrange(HIGH_DOWN);
                    s30 = x3.fma(b0, s30);
                    s31 = x3.fma(b1, s31);
                }
                if (p < vecEnd) {
                    if (p >= 8) {
                        int q = p - 8;
                        FloatVector b0 = FloatVector.fromArray(S, bt, w0 + q).rearrange(HIGH_DOWN);
                        FloatVector b1 = FloatVector.fromArray(S, bt, w1 + q).rearrange(HIGH_DOWN);
                        FloatVector x0 = FloatVector.fromArray(S, a, a0 + q).rearrange(HIGH_DOWN);
                        FloatVector x1 = FloatVector.fromArray(S, a, a1 + q).rearrange(HIGH_DOWN);
                        FloatVector x2 = FloatVector.fromArray(S, a, a2 + q).rearrange(HIGH_DOWN);
                        FloatVector x3 = FloatVector.fromArray(S, a, a3 + q).rearrange(HIGH_DOWN);
                        s00 = x0.fma(b0, s00);
                        s01 = x0.fma(b1, s01);
                        s10 = x1.fma(b0, s10);
                        s11 = x1.fma(b1, s11);
                        s20 = x2.fma(b0, s20);
                        s21 = x2.fma(b1, s21);
                        s30 = x3.fma(b0, s30);
                        s31 = x3.fma(b1, s31);
                    } else {
                        FloatVector b0 = FloatVector.fromArray(S, bt, w0, EIGHT);
                        FloatVector b1 = FloatVector.fromArray(S, bt, w1, EIGHT);
                        FloatVector x0 = FloatVector.fromArray(S, a, a0, EIGHT);
                        FloatVector x1 = FloatVector.fromArray(S, a, a1, EIGHT);
                        FloatVector x2 = FloatVector.fromArray(S, a, a2, EIGHT);
                        FloatVector x3 = FloatVector.fromArray(S, a, a3, EIGHT);
                        s00 = x0.fma(b0, s00);
                        s01 = x0.fma(b1, s01);
                        s10 = x1.fma(b0, s10);
                        s11 = x1.fma(b1, s11);
                        s20 = x2.fma(b0, s20);
                        s21 = x2.fma(b1, s21);
                        s30 = x3.fma(b0, s30);
                        s31 = x3.fma(b1, s31);
                    }
                }
                for (p = vecEnd; p < kc; p++) {
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
            // The lanes summed as in dotRows.
            FloatVector m = s00.rearrange(LOWS, s01);
            m = m.add(m.rearrange(SWAP_HALVES));
            m = m.add(m.rearrange(SWAP_PAIRS));
            tile[j] = m.lane(0) + m.lane(1) + u00;
            tile[j + 1] = m.lane(8) + m.lane(9) + u01;
            m = s10.rearrange(LOWS, s11);
            m = m.add(m.rearrange(SWAP_HALVES));
            m = m.add(m.rearrange(SWAP_PAIRS));
            tile[NR + j] = m.lane(0) + m.lane(1) + u10;
            tile[NR + j + 1] = m.lane(8) + m.lane(9) + u11;
            m = s20.rearrange(LOWS, s21);
            m = m.add(m.rearrange(SWAP_HALVES));
            m = m.add(m.rearrange(SWAP_PAIRS));
            tile[2 * NR + j] = m.lane(0) + m.lane(1) + u20;
            tile[2 * NR + j + 1] = m.lane(8) + m.lane(9) + u21;
            m = s30.rearrange(LOWS, s31);
            m = m.add(m.rearrange(SWAP_HALVES));
            m = m.add(m.rearrange(SWAP_PAIRS));
            tile[3 * NR + j] = m.lane(0) + m.lane(1) + u30;
            tile[3 * NR + j + 1] = m.lane(8) + m.lane(9) + u31;
        }
    }

    /** In the order {@link VectorMicroKernel#packPanels} chooses; a panel row is one vector. */
    @Override
    public void packPanels(int kc, int panels, float[] b, int src, int ldb, float[] dst, int d) {
        if (ldb % ROW_ORDER_STRIDE == 0) {
            for (int p = 0; p < kc; p++) {
                int from = src + p * ldb, to = d + p * NR, panelSize = kc * NR;
                for (int q = 0; q < panels; q++) FloatVector.fromArray(S, b, from + q * NR).intoArray(dst, to + q * panelSize);
            }
            return;
        }
        for (int q = 0; q < panels; q++) {
            int from = src + q * NR, to = d + q * kc * NR;
            for (int p = 0; p < kc; p++) FloatVector.fromArray(S, b, from + p * ldb).intoArray(dst, to + p * NR);
        }
    }

    @Override
    public void packPanelRows(int kc, float alpha, float[] a, int src, int lda, float[] dst, int d) {
        int s0 = src, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
        int end = kc - kc % L, p = 0;
        // Sixteen k steps of the four rows, transposed in registers: rows 0 and 1 interleaved, rows
        // 2 and 3 interleaved, then the pairs of pairs, giving the 64 floats of the panel in order.
        for (; p < end; p += L) {
            FloatVector r0 = FloatVector.fromArray(S, a, s0 + p).mul(alpha), r1 = FloatVector.fromArray(S, a, s1 + p).mul(alpha);
            FloatVector r2 = FloatVector.fromArray(S, a, s2 + p).mul(alpha), r3 = FloatVector.fromArray(S, a, s3 + p).mul(alpha);
            FloatVector low01 = r0.rearrange(INTERLEAVE_LOW, r1), high01 = r0.rearrange(INTERLEAVE_HIGH, r1);
            FloatVector low23 = r2.rearrange(INTERLEAVE_LOW, r3), high23 = r2.rearrange(INTERLEAVE_HIGH, r3);
            int o = d + p * MR;
            low01.rearrange(PAIRS_LOW, low23).intoArray(dst, o);
            low01.rearrange(PAIRS_HIGH, low23).intoArray(dst, o + L);
            high01.rearrange(PAIRS_LOW, high23).intoArray(dst, o + 2 * L);
            high01.rearrange(PAIRS_HIGH, high23).intoArray(dst, o + 3 * L);
        }
        if (p < kc) SCALAR.packPanelRows(kc - p, alpha, a, src + p, lda, dst, d + p * MR);
    }

    @Override
    public void packPanelTransposed(int kc, float alpha, float[] a, int src, int lda, float[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            FloatVector.fromArray(S, a, src + p * lda, ROWS).mul(alpha).intoArray(dst, d + p * MR, ROWS);
        }
    }
}
