package dev.myelin.cpu.kernel;

import static dev.myelin.cpu.kernel.MicroKernel.MR;
import static dev.myelin.cpu.kernel.MicroKernel.NR;

/**
 * Single-precision general matrix multiply, BLAS semantics on row-major storage:
 * {@code C = alpha * op(A) * op(B) + beta * C}, with {@code op(A)} of shape {@code (m, k)},
 * {@code op(B)} of shape {@code (k, n)}, {@code C} of shape {@code (m, n)}, and {@code lda},
 * {@code ldb}, {@code ldc} the row strides of the stored (untransposed) matrices. {@code beta == 0}
 * means C is only written, never read.
 *
 * <p>A packed, cache-blocked kernel ({@link PackedGemm}) with a register-tiled micro-kernel on the
 * Vector API where available, 512-bit where the CPU prefers it ({@link Vectorization}). Large
 * products are split across {@link Parallel}'s threads: a wide C by column blocks that share one
 * packed A, others along the longer side of C, each thread packing its own panels. A C with few
 * columns is computed transposed, which pads its tiles less.
 */
public final class Sgemm {
    private static final PackedGemm DEFAULT = new PackedGemm(Vectorization.kernel());
    /**
     * Below this many multiply-adds (about 15 microseconds on one Zen 5 core) a product, or a
     * convolution, runs on the calling thread: handing half of it to a helper costs a wake-up
     * and a wait for the slower half, and on a busy host that made 2 threads slower than 1 on
     * the LeNet step at batches 1 to 4 (at 2^18 the Dense 500 split even at batch 1). A Dense
     * kernel's products at a small batch split by another rule ({@link #splitsDepth}).
     */
    public static final long PARALLEL_MIN_WORK = 1L << 21;
    /** Rows of A (samples of a Dense layer) the micro-kernel takes at once. */
    public static final int TILE_ROWS = MR;

    private Sgemm() {}

    /** The loop nest in use (its packing is what {@link WindowProduct} lays its runs out with). */
    static PackedGemm defaultGemm() {
        return DEFAULT;
    }

    /** The micro-kernel in use: {@code vector-512}, {@code vector-256} or {@code scalar}. */
    public static String kernelName() {
        return DEFAULT.kernel().name();
    }

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(DEFAULT, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The same product with a chosen micro-kernel (tests run both kernels through here). */
    static void sgemm(PackedGemm gemm, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        // Beta is applied here, once; the packed loops only overwrite or accumulate.
        if (beta != 1f && (beta != 0f || k == 0 || alpha == 0f)) PackedGemm.scale(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0f) return;
        boolean accumulate = beta != 0f;
        if (splitsDepth(m, n, k)) {
            depthSplit(gemm, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
            return;
        }
        if (m == 1 && !transB) {
            // One row times B: B read in place, no packing (RowProduct); columns split across threads when large.
            int aStride = transA ? lda : 1;
            splitAcrossThreads(n, 4 * NR, (long) n * k, false, (j0, j1) -> gemm.rowProduct().multiply(j1 - j0, k, alpha, a, aOff, aStride,
                    b, bOff + j0, ldb, accumulate, c, cOff + j0));
            return;
        }
        // The kernel's rows: C's columns in a Dense's input gradient, C's rows in its kernel gradient.
        boolean ownsColumns = ownsRowsOfB(transA, transB, m, n, k), ownsRows = ownsRowsOfC(transA, transB, m, n, k);
        if (transposedIsCheaper(transA, transB, m, n, k, alpha)) {
            // C^T = op(B)^T op(A)^T, written back through C's transposed strides.
            Owned owned = ownsColumns ? Owned.ROWS : ownsRows ? Owned.COLUMNS : Owned.NO;
            product(gemm, owned, !transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, accumulate, c, cOff, 1, ldc);
        } else {
            Owned owned = ownsColumns ? Owned.COLUMNS : ownsRows ? Owned.ROWS : Owned.NO;
            product(gemm, owned, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc, 1);
        }
    }

    /**
     * Whether a product of few rows splits its depth between threads: a Dense layer's forward at
     * a small batch, x (m, k) times a kernel (k, n) too large for one core's L2, where the time
     * goes to reading the kernel. Each thread takes whole k slices, which are the kernel's rows;
     * the backward products split the same rows ({@link #ownsRowsOfB}, {@link #ownsRowsOfC}) and
     * the optimizer's loop the same halves of the flat kernel, so each core keeps reading and
     * writing its own rows: a core reads data the other has just written up to 4 times slower
     * than its own (benchmarks/RESULTS.md, Threads). LeNet's Dense 500, its forward, both
     * gradients and Adam at batch 1: 144-154 us a step on 2 threads against 194-211 on 1. The
     * slices are those every product sums one after the other ({@link PackedGemm#sliceDepth}),
     * so the bits are those of the product on one thread, and of a larger batch.
     */
    static boolean splitsDepth(int m, int n, int k) {
        return Parallel.threads() > 1 && m <= FEW_ROWS && (long) k * n >= OWNED_MIN_FLOATS && k > PackedGemm.KC;
    }

    /** Rows of A (a batch) up to which a product is bound by reading its large operand (see {@link #splitsDepth}). */
    static final int FEW_ROWS = 16;
    /** An operand from this many floats (512 KiB, half of a Zen 5 core's L2) is split by rows at {@link #FEW_ROWS}. */
    public static final long OWNED_MIN_FLOATS = 1L << 17;

    /**
     * Whether {@code C = A op(B)}, op transposing, splits its columns, which are B's stored rows
     * (a Dense layer's input gradient, dy times the kernel transposed), between threads in owned
     * parts at a small batch: the kernel's rows as {@link #splitsDepth} splits them.
     */
    private static boolean ownsRowsOfB(boolean transA, boolean transB, int m, int n, int k) {
        return Parallel.threads() > 1 && transB && !transA && m <= FEW_ROWS && (long) k * n >= OWNED_MIN_FLOATS;
    }

    /**
     * Whether {@code C = op(A)^T B} of depth a small batch (a Dense layer's kernel gradient,
     * x^T dy) splits C's rows, the kernel's, between threads in owned parts (see {@link #splitsDepth}).
     */
    private static boolean ownsRowsOfC(boolean transA, boolean transB, int m, int n, int k) {
        return Parallel.threads() > 1 && transA && !transB && k <= FEW_ROWS && (long) m * n >= OWNED_MIN_FLOATS;
    }

    /**
     * The product as {@link PackedGemm} sums it, k slice by k slice, with the slices dealt out to
     * threads in owned parts: the first part's slices are summed into C, every other slice into a
     * buffer of its own, and those are then added to C in k's order, as the one-thread loop adds
     * each slice's sums to what C holds.
     */
    private static void depthSplit(PackedGemm gemm, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   boolean accumulate, float[] c, int cOff, int ldc) {
        int depth = PackedGemm.sliceDepth(k), slices = (k + depth - 1) / depth;
        int parts = Math.min(Parallel.threads(), slices), firstPart = slices / parts;
        int size = m * n;
        float[] sums = PackedGemm.sliceSums((slices - firstPart) * size);
        boolean transposed = transposedIsCheaper(transA, transB, m, n, k, alpha);
        Parallel.forOwnedParts(slices, parts, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                int p0 = s * depth, kc = Math.min(depth, k - p0);
                int aStart = aOff + (transA ? p0 * lda : p0), bStart = bOff + (transB ? p0 : p0 * ldb);
                boolean intoC = s < firstPart;
                float[] dst = intoC ? c : sums;
                int dOff = intoC ? cOff : (s - firstPart) * size, ld = intoC ? ldc : n;
                boolean add = intoC && (s > 0 || accumulate);
                if (m == 1 && !transB) {
                    gemm.rowProduct().multiply(n, kc, alpha, a, aStart, transA ? lda : 1, b, bStart, ldb, add, dst, dOff);
                } else if (transposed) {
                    gemm.run(!transB, !transA, n, m, kc, alpha, b, bStart, ldb, a, aStart, lda, add, dst, dOff, 1, ld);
                } else {
                    gemm.run(transA, transB, m, n, kc, alpha, a, aStart, lda, b, bStart, ldb, add, dst, dOff, ld, 1);
                }
            }
        });
        for (int s = firstPart; s < slices; s++) {
            int o = (s - firstPart) * size;
            for (int i = 0; i < m; i++) {
                int r = cOff + i * ldc, q = o + i * n;
                for (int j = 0; j < n; j++) c[r + j] = sums[q + j] + c[r + j];
            }
        }
    }

    /** Floats {@link #packB} needs for an {@code op(B)} of shape (k, n). */
    public static int packedSize(int k, int n) {
        return PackedGemm.packedSize(k, n);
    }

    /**
     * Packs {@code op(B)} (shape (k, n), stored as in {@link #sgemm}) into {@code dst}, which must
     * hold {@link #packedSize} floats and is not copied: the result is valid while {@code dst} is.
     */
    public static PackedB packB(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] dst) {
        return packB(DEFAULT, transB, k, n, b, bOff, ldb, dst);
    }

    /** The same packing with a chosen micro-kernel's panel copy (tests run both kernels through here). */
    static PackedB packB(PackedGemm gemm, boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] dst) {
        if (k < 0 || n < 0) throw new IllegalArgumentException("packB: negative size k=" + k + " n=" + n);
        span("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        if (dst.length < packedSize(k, n)) {
            throw new IllegalArgumentException("packB: " + k + "x" + n + " needs " + packedSize(k, n) + " floats, got " + dst.length);
        }
        gemm.packWhole(transB, k, n, b, bOff, ldb, dst, 0);
        return new PackedB(dst, k, n);
    }

    /**
     * {@code C = alpha * op(A) * B + beta * C} with B packed by {@link #packB}; {@code op(A)} is
     * (m, k), C is (m, n). Large products are split by rows across threads, which all read the
     * one packed B.
     */
    public static void sgemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(DEFAULT, transA, m, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
    }

    /** The same product with a chosen micro-kernel (tests run both kernels through here). */
    static void sgemm(PackedGemm gemm, boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                      float beta, float[] c, int cOff, int ldc) {
        int n = b.n, k = b.k;
        if (m < 0) throw new IllegalArgumentException("sgemm: negative size m=" + m);
        span("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        span("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0) return;
        if (beta != 1f && (beta != 0f || k == 0 || alpha == 0f)) PackedGemm.scale(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0f) return;
        boolean accumulate = beta != 0f;
        splitAcrossThreads(m, MR, (long) m * n * k, false, (i0, i1) -> {
            int aStart = transA ? aOff + i0 : aOff + i0 * lda;
            gemm.run(transA, i1 - i0, alpha, a, aStart, lda, b, accumulate, c, cOff + i0 * ldc, ldc, 1);
        });
    }

    /**
     * Runs {@code body} over {@code [0, extent)} on the calling thread, or, for a product of at
     * least {@link #PARALLEL_MIN_WORK} multiply-adds, in one piece per thread cut at multiples of
     * {@code tile} (so only the last piece has a ragged tile); {@code owned}: in those pieces
     * whatever the work, piece i on thread i ({@link Parallel#forOwnedParts}).
     */
    private static void splitAcrossThreads(int extent, int tile, long work, boolean owned, Parallel.Range body) {
        int threads = Parallel.threads();
        if (threads == 1 || !owned && work < PARALLEL_MIN_WORK) {
            body.run(0, extent);
            return;
        }
        int tiles = (extent + tile - 1) / tile;
        Parallel.Range tileBody = (t0, t1) -> body.run(t0 * tile, Math.min(extent, t1 * tile));
        if (owned) Parallel.forOwnedParts(tiles, threads, tileBody);
        else Parallel.forChunks(tiles, threads, work, body.getClass(), tileBody);
    }

    /**
     * Whether computing C^T is cheaper: tiles are MR x NR = 4 x 16, so a C with few columns pads
     * less when its columns become tile rows, but the swap may turn a large operand read in place
     * into one that must be packed, and every tile of a transposed C goes through the scratch tile
     * and a strided copy. Estimated in cycles: FMA lanes / 16, one per packed or copied element.
     * Public for callers that keep a packed B ({@link #packB}): their product has the bits of
     * {@link #sgemm} only where this is false.
     */
    public static boolean transposedIsCheaper(boolean transA, boolean transB, int m, int n, int k, float alpha) {
        double slices = (k + PackedGemm.KC - 1) / PackedGemm.KC; // C's tiles are stored once per k slice
        double direct = cost(transA, m, n, k, alpha) + slices * m * (n % NR);
        double transposed = cost(!transB, n, m, k, alpha) + slices * m * n;
        return direct > transposed * 1.1;
    }

    private static double cost(boolean transA, int m, int n, int k, float alpha) {
        double compute = (double) PackedGemm.roundUp(m, MR) * PackedGemm.roundUp(n, NR) * k / 16;
        double packB = (double) k * n * ((m + PackedGemm.MC - 1) / PackedGemm.MC);
        double packA = PackedGemm.readsAInPlace(transA, alpha, n) ? 0 : (double) k * m;
        return compute + packB + packA;
    }

    /** Which of C's axes {@link #product} splits in owned parts: the kernel's rows (see {@link #splitsDepth}). */
    private enum Owned { NO, ROWS, COLUMNS }

    /**
     * Splits a large product across threads: a packed A shared and B's column blocks dealt out
     * when C is wide enough, else along the longer side of C, each thread packing its own panels;
     * or, {@code owned}, along that axis in owned parts.
     */
    private static void product(PackedGemm gemm, Owned owned, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                boolean accumulate, float[] c, int cOff, int rowStride, int colStride) {
        long work = (long) m * n * k;
        int threads = Parallel.threads();
        boolean inOwnedParts = owned != Owned.NO;
        if (!inOwnedParts && threads > 1 && work >= PARALLEL_MIN_WORK && PackedGemm.sharesPackedA(transA, alpha, n, k, threads)) {
            // A packed once and shared, B's column blocks dealt out: nothing packed twice.
            gemm.runParallel(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, rowStride, colStride);
        } else if (inOwnedParts ? owned == Owned.ROWS : m >= n) {
            // Split rows: each thread re-packs all of B (k x n), the smaller operand here.
            splitAcrossThreads(m, MR, work, inOwnedParts, (i0, i1) -> {
                int aStart = transA ? aOff + i0 : aOff + i0 * lda;
                gemm.run(transA, transB, i1 - i0, n, k, alpha, a, aStart, lda, b, bOff, ldb, accumulate,
                        c, cOff + i0 * rowStride, rowStride, colStride);
            });
        } else {
            splitAcrossThreads(n, NR, work, inOwnedParts, (j0, j1) -> {
                int bStart = transB ? bOff + j0 * ldb : bOff + j0;
                gemm.run(transA, transB, m, j1 - j0, k, alpha, a, aOff, lda, b, bStart, ldb, accumulate,
                        c, cOff + j0 * colStride, rowStride, colStride);
            });
        }
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        // Stored shapes: A is (m, k) or, transposed, (k, m); B is (k, n) or (n, k).
        span("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        span("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        span("C", c, cOff, ldc, m, n);
    }

    private static void span(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) {
            throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld + ", less than its width " + cols);
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + "x" + cols + ", offset " + off + ", ld " + ld
                    + ") needs " + last + " floats but its array holds " + x.length);
        }
    }
}
