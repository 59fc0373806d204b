package dev.myelin.cpu.kernel;

/**
 * The innermost block of the packed matmul: one {@link #MR} x {@link #NR} tile of C from a packed
 * A panel (for each k, MR consecutive rows) and a packed B panel (for each k, NR consecutive
 * columns). Everything else (blocking, packing, transposes, tails, threads) is {@link PackedGemm}'s.
 */
interface MicroKernel {
    /** Rows of C per tile (see {@link VectorMicroKernel} for why 4). */
    int MR = 4;
    /** Columns of C per tile: two 8-lane (256-bit) vectors. */
    int NR = 16;

    /**
     * {@code C[0:MR, 0:NR] (+)= Apanel * Bpanel} over {@code kc} steps: added to C when
     * {@code accumulate}, else written over it without reading it.
     */
    void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * The same tile with A read in place from a row-major matrix instead of a packed panel: row r
     * of the tile at {@code a[aOff + r * lda + p]}. Large A operands that few B panels reuse
     * (convolution patches) skip their packing pass this way.
     */
    void multiplyRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * {@code C[0:2*MR, 0:NR/2] = A * B} for a last B panel at most NR/2 wide: two A panels at
     * {@code aOff} and {@code aOff2}, the first half of each B step. A full tile there would spend
     * most of its work on padding (a 50-column C pads its last panel from 2 columns to 16); this
     * one has as many accumulators as the full tile, so it runs as fast per FMA, on half the
     * columns. C is written, never read.
     */
    void multiplyHalf(int kc, float[] a, int aOff, int aOff2, float[] b, int bOff, float[] c, int cOff, int ldc);

    /** {@link #multiplyHalf} with A's 2*MR rows read in place, row r at {@code a[aOff + r * lda + p]}. */
    void multiplyRowsHalf(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc);

    /** A short name for logs and benchmark tables. */
    String name();
}
