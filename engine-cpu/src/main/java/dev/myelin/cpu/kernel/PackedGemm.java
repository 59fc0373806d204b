package dev.myelin.cpu.kernel;

import static dev.myelin.cpu.kernel.MicroKernel.HALF;
import static dev.myelin.cpu.kernel.MicroKernel.MR;
import static dev.myelin.cpu.kernel.MicroKernel.NR;

/**
 * The packed, cache-blocked loop nest behind {@link Sgemm}. For each k slice (at most {@link #KC}
 * deep, so for k up to KC each tile of C is written once and never loaded back) and each block of
 * at most {@link #MC} rows, A is packed once into MR-tall panels (alpha folded in); then for each
 * column block ({@link #blockWidth}) B is packed into NR-wide panels that stay in L2, and each A
 * panel, hot in L1, sweeps that block's B panels. Packing is where transposes and ragged edges are
 * resolved (padding with zeros), so the micro-kernel sees one layout only. Packing buffers are per
 * thread and reused: a steady stream of matmuls allocates nothing here.
 *
 * <p>Why this order and not BLIS's (B panel in L1, A block in L2, C loaded back once per k slice
 * of 256): with 1024-deep slices a B panel was 64 KiB, past L1, and in BLIS's order every B panel
 * came from L3 again for each row block. On one core at n = 1024 this order measured about 4%
 * faster than BLIS's at the same depth, and one k slice about 4% faster than four.
 */
final class PackedGemm {
    /**
     * Deepest k slice: k up to this is one slice. Deeper k is cut into equal slices. 512, not
     * 1024: a Dense kernel 513 to 1024 deep (LeNet's 800) is then two slices, which threads can
     * take one each at a small batch with the bits of one thread ({@link Sgemm#splitsDepth}). A
     * square product of 1024 on one thread, two slices, ran as fast as with one slice of 1024
     * (92.0 against 92.6 per second, the means of 7 alternated JMH forks each).
     */
    static final int KC = 512;
    /** Rows per A block (a multiple of 2 * MR): at most MC x KC floats = 2 MiB, in L3. */
    static final int MC = 1024;
    /** Floats per packed B block, a k slice by {@link #blockWidth} columns: 256 KiB, in L2. */
    static final int B_BLOCK = 64 * 1024;
    /** Widest C whose A is read in place rather than packed (see {@link #readsAInPlace}). */
    static final int IN_PLACE_MAX_N = Integer.getInteger("myelin.sgemm.inPlaceMaxN", 128);

    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];
        final float[] halfTile = new float[2 * MR * NR];
        /** The calling thread's sums of the k slices that other threads add up ({@link Sgemm}'s depth split). */
        float[] sliceSums = new float[0];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private final MicroKernel kernel;
    /** The kernel when it has 2MR-row tiles, else null. */
    private final WideTileKernel wide;
    /** One-row products, summing as {@link #kernel} does (fused multiply-adds or not). */
    private final RowProduct rowProduct;

    static {
        if (MR != 4 || MC % (2 * MR) != 0) throw new AssertionError("the kernels pack A panels of MR = 4 rows; MC must be a multiple of 2 * MR");
    }

    PackedGemm(MicroKernel kernel) {
        this.kernel = kernel;
        this.wide = kernel instanceof WideTileKernel w ? w : null;
        RowProduct vector = kernel instanceof ScalarMicroKernel ? null : Vectorization.vectorOrNull(RowProduct.class);
        this.rowProduct = vector != null ? vector : new RowProduct.Scalar();
    }

    /** The calling thread's buffer of at least {@code floats} for k slices' sums, reused from call to call. */
    static float[] sliceSums(int floats) {
        Buffers buf = BUFFERS.get();
        if (buf.sliceSums.length < floats) buf.sliceSums = new float[floats];
        return buf.sliceSums;
    }

    /** The one-row product whose sums match this kernel's. */
    RowProduct rowProduct() {
        return rowProduct;
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
        blocked(1, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, accumulate, c, cOff, rowStride, colStride);
    }

    /**
     * {@link #run} on all of {@link Parallel}'s threads: each A block is packed once, its panels
     * split across threads, and all threads share it; B's column blocks (at least four per
     * thread) go to threads as they come free, each packing its own. Neither operand is packed
     * twice, and a core slowed by other work takes fewer blocks instead of holding up the rest.
     */
    void runParallel(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     boolean accumulate, float[] c, int cOff, int rowStride, int colStride) {
        blocked(Parallel.threads(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, accumulate,
                c, cOff, rowStride, colStride);
    }

    /** {@link #run} with B packed beforehand by {@link #packWhole}. */
    void run(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
             boolean accumulate, float[] c, int cOff, int rowStride, int colStride) {
        blocked(1, transA, false, m, b.n, b.k, alpha, a, aOff, lda, null, 0, 0, b.data, accumulate, c, cOff, rowStride, colStride);
    }

    /** Depth of each k slice: k cut into the fewest equal slices of at most {@link #KC}. */
    static int sliceDepth(int k) {
        int slices = (k + KC - 1) / KC;
        return (k + slices - 1) / slices;
    }

    /**
     * Columns per B block for slices this deep: as many NR-wide panels as fit {@link #B_BLOCK}
     * (64 at the deepest slice; a shallow slice takes wide blocks, so its short kernel calls
     * still sweep many panels per A panel).
     */
    static int blockWidth(int depth) {
        return Math.max(NR, B_BLOCK / depth / NR * NR);
    }

    /**
     * Whether {@link #runParallel} suits a product: A is packed (one read in place has nothing to
     * share), C has enough columns for four blocks per thread, and k is deep enough that the
     * kernel, not the stores of C, bounds it (at k = 50, C written in narrow column blocks ran 15%
     * slower than in whole rows).
     */
    static boolean sharesPackedA(boolean transA, float alpha, int n, int k, int threads) {
        return !readsAInPlace(transA, alpha, n) && n >= 4 * threads * NR && k >= 128;
    }

    /**
     * The loop nest on {@code threads} threads (1: the calling thread alone); {@code packed != null}:
     * B's blocks are already packed there (see {@link #packedOffset}), one thread only.
     */
    private void blocked(int threads, boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] packed,
                         boolean accumulate, float[] c, int cOff, int rowStride, int colStride) {
        if (m == 0 || n == 0 || k == 0) return;
        Buffers buf = BUFFERS.get();
        int depth = sliceDepth(k);
        boolean inPlace = readsAInPlace(transA, alpha, n);
        int aNeed = depth * (inPlace ? MR : roundUp(Math.min(m, MC), MR));
        if (buf.a.length < aNeed) buf.a = new float[aNeed];
        float[] aPacked = buf.a;
        int width = blockWidth(depth);
        if (threads > 1) width = Math.min(width, roundUp((n + 4 * threads - 1) / (4 * threads), NR));
        int blockWidth = width, blocks = (n + width - 1) / width;
        for (int pc = 0; pc < k; pc += depth) {
            int sliceStart = pc, kc = Math.min(depth, k - pc);
            boolean add = pc > 0 || accumulate;
            for (int ic = 0; ic < m; ic += MC) {
                int rowStart = ic, mc = Math.min(MC, m - ic), full = mc / MR * MR;
                // Read in place, only the ragged last panel (if any) is packed, into the first slot.
                int aRows = inPlace ? aOff + ic * lda + pc : -1;
                if (inPlace) {
                    if (full < mc) packA(false, alpha, a, aOff, lda, ic + full, mc - full, pc, kc, aPacked, 0);
                } else if (threads > 1) {
                    Parallel.Range panels = (p0, p1) -> packA(transA, alpha, a, aOff, lda,
                            rowStart + p0 * MR, Math.min(mc, p1 * MR) - p0 * MR, sliceStart, kc, aPacked, p0 * MR * kc);
                    Parallel.forChunks((mc + MR - 1) / MR, threads, (long) mc * kc, panels.getClass(), panels);
                } else {
                    packA(transA, alpha, a, aOff, lda, ic, mc, pc, kc, aPacked, 0);
                }
                Parallel.Range columnBlocks = (b0, b1) -> {
                    Buffers own = BUFFERS.get(); // this thread's B block and scratch tiles
                    int bNeed = kc * roundUp(Math.min(n, blockWidth), NR);
                    if (packed == null && own.b.length < bNeed) own.b = new float[bNeed];
                    for (int block = b0; block < b1; block++) {
                        int jc = block * blockWidth, nc = Math.min(blockWidth, n - jc);
                        int bBase = 0;
                        if (packed == null) packB(transB, b, bOff, ldb, sliceStart, kc, jc, nc, own.b, 0);
                        else bBase = packedOffset(k, jc, sliceStart, nc);
                        sweep(mc, nc, kc, aPacked, own, a, aRows, lda, packed != null ? packed : own.b, bBase,
                                c, cOff + rowStart * rowStride + jc * colStride, rowStride, colStride, add);
                    }
                };
                if (threads > 1) Parallel.forChunks(blocks, blocks, (long) mc * n * kc, columnBlocks.getClass(), columnBlocks);
                else columnBlocks.run(0, blocks);
            }
        }
    }

    /** Floats op(B) of shape (k, n) takes packed whole: every block's panels, padded to NR columns. */
    static int packedSize(int k, int n) {
        return k * roundUp(n, NR);
    }

    /** Where block (jc, pc) starts in a whole packing: column blocks in order, each its k slices in order. */
    private static int packedOffset(int k, int jc, int pc, int nc) {
        return k * jc + pc * roundUp(nc, NR);
    }

    /** Packs all of op(B) (k x n) into {@code dst} from {@code dstOff} in the layout {@link #blocked} reads. */
    void packWhole(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] dst, int dstOff) {
        int depth = sliceDepth(k), width = blockWidth(depth);
        for (int jc = 0; jc < n; jc += width) {
            int nc = Math.min(width, n - jc);
            for (int pc = 0; pc < k; pc += depth) {
                packB(transB, b, bOff, ldb, pc, Math.min(depth, k - pc), jc, nc, dst, dstOff + packedOffset(k, jc, pc, nc));
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

    /**
     * All micro-tiles of one (mc x nc) block of C, A panel by A panel so each stays in L1 while it
     * meets the block's B panels (in L2); {@code aRows >= 0}: full A panels read in place from
     * there. Two A panels at a time, for the narrow last B panel's 8-row tile and for a
     * {@link WideTileKernel}'s tiles.
     */
    private void sweep(int mc, int nc, int kc, float[] ap, Buffers buf, float[] a, int aRows, int lda, float[] bp, int bBase,
                       float[] c, int cOff, int rowStride, int colStride, boolean accumulate) {
        int fullCols = nc / NR * NR, narrow = nc - fullCols;
        // The full B panels, for a kernel with 2MR-row tiles.
        int tallCols = wide != null && colStride == 1 ? fullCols : 0;
        if (narrow > HALF) fullCols = nc; // a last panel wider than HALF runs as a padded full tile
        for (int ir = 0; ir < mc; ir += 2 * MR) {
            int firstCol = 0;
            if (tallCols > 0 && mc - ir >= 2 * MR) {
                // Pairs of B panels in 2MR x 2NR tiles; of an odd count the last three in a 2MR x 3NR
                // tile, a single one in a 2MR x NR tile.
                for (int jr = 0; jr < tallCols; jr += 2 * NR) {
                    int co = cOff + ir * rowStride + jr, bPanel = bBase + jr * kc;
                    boolean pair = jr + 2 * NR <= tallCols;
                    if (tallCols - jr == 3 * NR) {
                        if (aRows >= 0) wide.multiplyRowsTriple(kc, a, aRows + ir * lda, lda, bp, bPanel, c, co, rowStride, accumulate);
                        else wide.multiplyTriple(kc, ap, ir * kc, bp, bPanel, c, co, rowStride, accumulate);
                        break;
                    }
                    if (aRows >= 0) {
                        int rows = aRows + ir * lda;
                        if (pair) wide.multiplyRowsWide(kc, a, rows, lda, bp, bPanel, c, co, rowStride, accumulate);
                        else wide.multiplyRowsTall(kc, a, rows, lda, bp, bPanel, c, co, rowStride, accumulate);
                    } else {
                        if (pair) wide.multiplyWide(kc, ap, ir * kc, bp, bPanel, c, co, rowStride, accumulate);
                        else wide.multiplyTall(kc, ap, ir * kc, bp, bPanel, c, co, rowStride, accumulate);
                    }
                }
                firstCol = tallCols;
            }
            for (int r = ir; r < Math.min(mc, ir + 2 * MR); r += MR) {
                int mr = Math.min(MR, mc - r);
                boolean inPlace = aRows >= 0 && mr == MR;
                // A ragged last panel sits in the first packed slot when the full ones are read in place.
                int aPanel = aRows >= 0 ? 0 : r * kc;
                for (int jr = firstCol; jr < fullCols; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    int bPanel = bBase + jr * kc;
                    int co = cOff + r * rowStride + jr * colStride;
                    if (mr == MR && nr == NR && colStride == 1) {
                        if (inPlace) kernel.multiplyRows(kc, a, aRows + r * lda, lda, bp, bPanel, c, co, rowStride, accumulate);
                        else kernel.multiply(kc, ap, aPanel, bp, bPanel, c, co, rowStride, accumulate);
                    } else {
                        // Ragged edge or transposed C: full tile into scratch, then the valid part into C.
                        if (inPlace) kernel.multiplyRows(kc, a, aRows + r * lda, lda, bp, bPanel, buf.tile, 0, NR, false);
                        else kernel.multiply(kc, ap, aPanel, bp, bPanel, buf.tile, 0, NR, false);
                        merge(mr, nr, buf.tile, c, co, rowStride, colStride, accumulate);
                    }
                }
            }
            if (fullCols < nc) {
                narrowPanel(ir, Math.min(2 * MR, mc - ir), narrow, kc, ap, buf, a, aRows, lda, bp, bBase + fullCols * kc,
                        c, cOff + ir * rowStride + fullCols * colStride, rowStride, colStride, accumulate);
            }
        }
    }

    /**
     * Up to 2 x MR rows (from {@code ir}) of a last B panel at most {@link MicroKernel#HALF} wide
     * (see {@link #packB}): dot products along k when A is read in place, else one 8 x HALF tile
     * from two A panels.
     */
    private void narrowPanel(int ir, int rows, int nr, int kc, float[] ap, Buffers buf, float[] a, int aRows, int lda, float[] bp,
                             int bPanel, float[] c, int cOff, int rowStride, int colStride, boolean accumulate) {
        if (aRows >= 0) {
            for (int r = 0; r < rows; r += MR) {
                int mr = Math.min(MR, rows - r);
                kernel.dotRows(kc, a, aRows + (ir + r) * lda, lda, mr, bp, bPanel + kc * HALF, nr, buf.tile);
                merge(mr, nr, buf.tile, c, cOff + r * rowStride, rowStride, colStride, accumulate);
            }
            return;
        }
        // At most MR rows left: the one panel twice, its copy never stored.
        int second = rows > MR ? (ir + MR) * kc : ir * kc;
        kernel.multiplyHalf(kc, ap, ir * kc, second, bp, bPanel, buf.halfTile, 0, NR);
        merge(rows, nr, buf.halfTile, c, cOff, rowStride, colStride, accumulate);
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
     * Writes are sequential; a missing row of the last panel is zeros. The full-panel paths (the
     * kernel's, unrolled for MR = 4) are vector moves where the kernel has them.
     */
    private void packA(boolean transA, float alpha, float[] a, int aOff, int lda,
                              int ic, int mc, int pc, int kc, float[] dst, int dstOff) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir), i = ic + ir;
            int d = dstOff + ir * kc;
            if (mr == MR && !transA) {
                kernel.packPanelRows(kc, alpha, a, aOff + i * lda + pc, lda, dst, d);
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
        int first = 0;
        if (!transB) {
            first = nc / NR * NR;
            kernel.packPanels(kc, nc / NR, b, bOff + pc * ldb + jc, ldb, dst, dstOff);
        }
        for (int jr = first; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = dstOff + jr * kc;
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
