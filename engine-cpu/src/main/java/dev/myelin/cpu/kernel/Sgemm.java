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
 * Vector API where available ({@link Vectorization}). Large products are split across
 * {@link Parallel}'s threads along the longer side of C, each thread packing its own panels.
 */
public final class Sgemm {
    private static final PackedGemm DEFAULT = new PackedGemm(Vectorization.kernel());
    /** Below this many multiply-adds a fork costs more than it saves (about 10 microseconds of work). */
    private static final long PARALLEL_MIN_WORK = 1L << 18;

    private Sgemm() {}

    /** The micro-kernel in use: {@code vector-256} or {@code scalar}. */
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
        long work = (long) m * n * k;
        int threads = Parallel.threads();
        if (threads == 1 || work < PARALLEL_MIN_WORK) {
            gemm.run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (m >= n) {
            // Split rows: each thread re-packs all of B (k x n), the smaller operand here.
            int tiles = (m + MR - 1) / MR;
            Parallel.forRange(tiles, (tiles + threads - 1) / threads, (t0, t1) -> {
                int i0 = t0 * MR, i1 = Math.min(m, t1 * MR);
                int aStart = transA ? aOff + i0 : aOff + i0 * lda;
                gemm.run(transA, transB, i1 - i0, n, k, alpha, a, aStart, lda, b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
            });
        } else {
            int tiles = (n + NR - 1) / NR;
            Parallel.forRange(tiles, (tiles + threads - 1) / threads, (t0, t1) -> {
                int j0 = t0 * NR, j1 = Math.min(n, t1 * NR);
                int bStart = transB ? bOff + j0 * ldb : bOff + j0;
                gemm.run(transA, transB, m, j1 - j0, k, alpha, a, aOff, lda, b, bStart, ldb, beta, c, cOff + j0, ldc);
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
