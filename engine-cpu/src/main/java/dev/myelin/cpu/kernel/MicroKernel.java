package dev.myelin.cpu.kernel;

/**
 * The innermost block of the packed matmul: one {@link #MR} x {@link #NR} tile of C from a packed
 * A panel (for each k, MR consecutive rows) and a packed B panel (for each k, NR consecutive
 * columns). Everything else (blocking, packing, transposes, tails, threads) is {@link PackedGemm}'s.
 */
interface MicroKernel {
    /** Rows of C per tile. 6 x 16 keeps 12 accumulators + 2 B vectors + 1 broadcast in 16 AVX2 registers. */
    int MR = 6;
    /** Columns of C per tile: two 8-lane (256-bit) vectors. */
    int NR = 16;

    /**
     * {@code C[0:MR, 0:NR] = Apanel * Bpanel + beta * C} over {@code kc} steps; {@code beta == 0}
     * means C is not read (BLAS semantics: NaN in C does not leak).
     */
    void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float beta);

    /** A short name for logs and benchmark tables. */
    String name();
}
