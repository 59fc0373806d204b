package dev.myelin.cpu.kernel;

import static dev.myelin.cpu.kernel.MicroKernel.HALF;
import static dev.myelin.cpu.kernel.MicroKernel.MR;
import static dev.myelin.cpu.kernel.MicroKernel.NR;

/**
 * One thread's share of {@link Sgemm}: the BLIS loop nest. For each {@link #NC}-wide column block
 * and {@link #KC}-deep slice of k, B is packed once into NR-wide panels (kept in L2/L3); for each
 * {@link #MC}-tall row block A is packed into MR-tall panels (kept in L2), alpha folded in; the
 * micro-kernel then sweeps the tiles with one B panel hot in L1. Packing is where transposes and
 * ragged edges are resolved (padding with zeros), so the micro-kernel sees one layout only.
 * Packing buffers are per thread and reused: a steady stream of matmuls allocates nothing here.
 */
final class PackedGemm {
    /** Depth of a k slice: an A panel (MR x KC) plus a B panel (KC x NR) fit in L1 (20 KiB of 32). */
    static final int KC = 256;
    /** Rows per A block (a multiple of MR): MC x KC floats = 96 KiB, well inside a 512 KiB L2. */
    static final int MC = 96;
    /** Columns per B block: KC x NC floats = 2 MiB, shared L3. */
    static final int NC = 2048;
    /** Widest C whose A is read in place rather than packed (see {@link #readsAInPlace}). */
    static final int IN_PLACE_MAX_N = Integer.getInteger("myelin.sgemm.inPlaceMaxN", 128);

    private static final class Buffers {
        final float[] a = new float[MC * KC];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];
        final float[] halfTile = new float[2 * MR * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private final MicroKernel kernel;

    static {
        if (MR != 4 || MC % MR != 0) throw new AssertionError("packA's unrolled paths assume MR = 4 and MC % MR == 0");
    }

    PackedGemm(MicroKernel kernel) {
        this.kernel = kernel;
    }

    MicroKernel kernel() {
        return kernel;
    }

    /**
     * {@code C (+)= alpha * op(A) * op(B)} on the calling thread, arguments already validated and
     * beta already applied: C is overwritten unless {@code accumulate}. C's element (i, j) lives at
     * {@code cOff + i * rowStride + j * colStride}; a column stride other than 1 is how
     * {@link Sgemm} computes a product transposed (every tile then goes through the scratch tile).
     */
    void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
             boolean accumulate, float[] c, int cOff, int rowStride, int colStride) {
        blocked(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, accumulate, c, cOff, rowStride, colStride);
    }

    /** {@link #run} with B packed beforehand by {@link #packWhole}. */
    void run(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
             boolean accumulate, float[] c, int cOff, int rowStride, int colStride) {
        blocked(transA, false, m, b.n, b.k, alpha, a, aOff, lda, null, 0, 0, b.data, accumulate, c, cOff, rowStride, colStride);
    }

    /** The loop nest; {@code packed != null}: B's blocks are already packed there (see {@link #packedOffset}). */
    private void blocked(boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] packed,
                         boolean accumulate, float[] c, int cOff, int rowStride, int colStride) {
        if (m == 0 || n == 0 || k == 0) return;
        Buffers buf = BUFFERS.get();
        int bNeed = KC * roundUp(Math.min(n, NC), NR);
        if (packed == null && buf.b.length < bNeed) buf.b = new float[bNeed];
        float[] bPanels = packed != null ? packed : buf.b;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int bBase = 0;
                if (packed == null) packB(transB, b, bOff, ldb, pc, kc, jc, nc, buf.b, 0);
                else bBase = packedOffset(k, jc, pc, nc);
                boolean add = pc > 0 || accumulate;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    int aRows = -1;
                    if (readsAInPlace(transA, alpha, n)) {
                        // Only the ragged last panel, if any, is packed (into the panel slot it would have had).
                        aRows = aOff + ic * lda + pc;
                        int full = mc / MR * MR;
                        if (full < mc) packA(false, alpha, a, aOff, lda, ic + full, mc - full, pc, kc, buf.a, full * kc);
                    } else {
                        packA(transA, alpha, a, aOff, lda, ic, mc, pc, kc, buf.a, 0);
                    }
                    sweep(mc, nc, kc, buf, a, aRows, lda, bPanels, bBase, c, cOff + ic * rowStride + jc * colStride,
                            rowStride, colStride, add);
                }
            }
        }
    }

    /** Floats op(B) of shape (k, n) takes packed whole: every block's panels, padded to NR columns. */
    static int packedSize(int k, int n) {
        return k * roundUp(n, NR);
    }

    /** Where block (jc, pc) starts in a whole packing: NC blocks in order, each its KC slices in order. */
    private static int packedOffset(int k, int jc, int pc, int nc) {
        return k * jc + pc * roundUp(nc, NR);
    }

    /** Packs all of op(B) (k x n) into {@code dst} in the layout {@link #blocked} reads. */
    void packWhole(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] dst) {
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                packB(transB, b, bOff, ldb, pc, Math.min(KC, k - pc), jc, nc, dst, packedOffset(k, jc, pc, nc));
            }
        }
    }

    /**
     * Whether A's full panels are read where they lie: when A is row-major and unscaled, and C has
     * at most {@link #IN_PLACE_MAX_N} columns, so each A element feeds few tiles and a packing pass
     * over it (as long as the product itself for a narrow C) is not repaid.
     */
    static boolean readsAInPlace(boolean transA, float alpha, int n) {
        return !transA && alpha == 1f && n <= IN_PLACE_MAX_N;
    }

    /** All micro-tiles of one (mc x nc) block of C; {@code aRows >= 0}: full A panels read in place from there. */
    private void sweep(int mc, int nc, int kc, Buffers buf, float[] a, int aRows, int lda, float[] bp, int bBase,
                       float[] c, int cOff, int rowStride, int colStride, boolean accumulate) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bPanel = bBase + jr * kc;
            if (nr <= HALF) {
                narrowPanel(mc, nr, kc, buf, a, aRows, lda, bp, bPanel, c, cOff + jr * colStride, rowStride, colStride, accumulate);
                continue;
            }
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int aPanel = ir * kc;
                int co = cOff + ir * rowStride + jr * colStride;
                boolean inPlace = aRows >= 0 && mr == MR;
                if (mr == MR && nr == NR && colStride == 1) {
                    if (inPlace) kernel.multiplyRows(kc, a, aRows + ir * lda, lda, bp, bPanel, c, co, rowStride, accumulate);
                    else kernel.multiply(kc, buf.a, aPanel, bp, bPanel, c, co, rowStride, accumulate);
                } else {
                    // Ragged edge or transposed C: full tile into scratch, then the valid part into C.
                    if (inPlace) kernel.multiplyRows(kc, a, aRows + ir * lda, lda, bp, bPanel, buf.tile, 0, NR, false);
                    else kernel.multiply(kc, buf.a, aPanel, bp, bPanel, buf.tile, 0, NR, false);
                    merge(mr, nr, buf.tile, c, co, rowStride, colStride, accumulate);
                }
            }
        }
    }

    /**
     * The tiles of a last B panel at most {@link MicroKernel#HALF} wide (see {@link #packB}): dot
     * products along k when A is read in place, else 8 x HALF tiles from two A panels at a time.
     */
    private void narrowPanel(int mc, int nr, int kc, Buffers buf, float[] a, int aRows, int lda, float[] bp, int bPanel,
                             float[] c, int cOff, int rowStride, int colStride, boolean accumulate) {
        if (aRows >= 0) {
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                kernel.dotRows(kc, a, aRows + ir * lda, lda, rows, bp, bPanel + kc * HALF, nr, buf.tile);
                merge(rows, nr, buf.tile, c, cOff + ir * rowStride, rowStride, colStride, accumulate);
            }
            return;
        }
        for (int ir = 0; ir < mc; ir += 2 * MR) {
            int rows = Math.min(2 * MR, mc - ir);
            // At most MR rows left: the one panel twice, its copy never stored.
            int second = rows > MR ? (ir + MR) * kc : ir * kc;
            kernel.multiplyHalf(kc, buf.a, ir * kc, second, bp, bPanel, buf.halfTile, 0, NR);
            merge(rows, nr, buf.halfTile, c, cOff + ir * rowStride, rowStride, colStride, accumulate);
        }
    }

    private static void merge(int mr, int nr, float[] tile, float[] c, int co, int rowStride, int colStride, boolean accumulate) {
        for (int r = 0; r < mr; r++) {
            int t = r * NR, o = co + r * rowStride;
            if (!accumulate) {
                for (int j = 0; j < nr; j++) c[o + j * colStride] = tile[t + j];
            } else {
                for (int j = 0; j < nr; j++) c[o + j * colStride] += tile[t + j];
            }
        }
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] * alpha into MR-row panels: panel-major, then k, then row.
     * Writes are sequential; a missing row of the last panel is zeros. The full-panel paths are
     * unrolled for MR = 4.
     */
    private void packA(boolean transA, float alpha, float[] a, int aOff, int lda,
                              int ic, int mc, int pc, int kc, float[] dst, int dstOff) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir), i = ic + ir;
            int d = dstOff + ir * kc;
            if (mr == MR && !transA) {
                int s0 = aOff + i * lda + pc, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
                for (int p = 0; p < kc; p++, d += MR) {
                    dst[d] = alpha * a[s0 + p];
                    dst[d + 1] = alpha * a[s1 + p];
                    dst[d + 2] = alpha * a[s2 + p];
                    dst[d + 3] = alpha * a[s3 + p];
                }
            } else if (mr == MR) {
                // Transposed: the MR values of one k step are contiguous in the stored matrix.
                kernel.packPanelTransposed(kc, alpha, a, aOff + pc * lda + i, lda, dst, d);
            } else {
                for (int p = 0; p < kc; p++, d += MR) {
                    for (int r = 0; r < MR; r++) {
                        dst[d + r] = r < mr ? alpha * (transA ? a[aOff + (pc + p) * lda + i + r] : a[aOff + (i + r) * lda + pc + p]) : 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] into NR-column panels from {@code dst[dstOff]}: panel-major,
     * then k, then column, a narrow panel padded with zeros. A last panel at most
     * {@link MicroKernel#HALF} wide is packed twice in its slot: rows of HALF floats for
     * {@link MicroKernel#multiplyHalf}, then its columns one after another for
     * {@link MicroKernel#dotRows}.
     */
    private void packB(boolean transB, float[] b, int bOff, int ldb,
                       int pc, int kc, int jc, int nc, float[] dst, int dstOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = dstOff + jr * kc;
            if (nr == NR && !transB) {
                kernel.packPanel(kc, b, bOff + pc * ldb + jc + jr, ldb, dst, base);
                continue;
            }
            int width = nr <= HALF ? HALF : NR;
            if (nr < width) java.util.Arrays.fill(dst, base, base + kc * width, 0f);
            int step = transB ? 1 : ldb;
            for (int j = 0; j < nr; j++) {
                // Element (p, j) of the panel, op(B)[pc + p, jc + jr + j], is at b[src + p * step].
                int src = transB ? bOff + (jc + jr + j) * ldb + pc : bOff + pc * ldb + jc + jr + j;
                if (width == NR) {
                    for (int p = 0; p < kc; p++) dst[base + p * NR + j] = b[src + p * step];
                } else {
                    int column = base + kc * HALF + j * kc;
                    for (int p = 0; p < kc; p++) {
                        float v = b[src + p * step];
                        dst[base + p * HALF + j] = v;
                        dst[column + p] = v;
                    }
                }
            }
        }
    }

    /** C = beta * C (beta = 0 writes zeros without reading C). */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[o + j] = beta == 0f ? 0f : beta * c[o + j];
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
