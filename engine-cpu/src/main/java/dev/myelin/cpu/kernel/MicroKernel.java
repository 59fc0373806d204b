package dev.myelin.cpu.kernel;

/**
 * The innermost block of the packed matmul: one {@link #MR} x {@link #NR} tile of C from a packed
 * A panel (for each k, MR consecutive rows) and a packed B panel (for each k, NR consecutive
 * columns), with the variants for narrow edges and the packing copies that are one vector move per
 * row. Everything else (blocking, packing order, transposes, tails, threads) is {@link PackedGemm}'s.
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

    /** Row stride of a narrow last B panel (at most this many columns): see {@link #multiplyHalf}. */
    int HALF = NR / 2;

    /**
     * {@code C[0:2*MR, 0:HALF] = A * B} for a last B panel at most {@link #HALF} wide, packed with
     * rows of HALF floats ({@code b[bOff + p * HALF + j]}): two A panels at {@code aOff} and
     * {@code aOff2}. A full tile there would spend most of its work on padding (a 50-column C pads
     * its last panel from 2 columns to 16); this one has as many accumulators as the full tile, so
     * it runs as fast per FMA, on half the columns. C is written, never read.
     */
    void multiplyHalf(int kc, float[] a, int aOff, int aOff2, float[] b, int bOff, float[] c, int cOff, int ldc);

    /**
     * The narrow last panel's columns against A read in place, as dot products along k:
     * {@code tile[r * NR + j] = sum_p a[aOff + r * lda + p] * bt[btOff + j * kc + p]} for
     * {@code r < rows <= MR}, {@code j < cols <= HALF}, where {@code bt} holds the panel's columns
     * one after another. Vectors run along k, so no lane is padding however few the columns (the
     * 8x8 tile spent 17% of LeNet's conv2 forward on its last 2 of 50 columns). Other tile
     * entries may be overwritten.
     */
    void dotRows(int kc, float[] a, int aOff, int lda, int rows, float[] bt, int btOff, int cols, float[] tile);

    /**
     * {@link #dotRows} summed over {@code runs} runs of {@code kc}: run {@code s} of row r at
     * {@code a[aOff + r * lda + s * runStride + p]}, of column j at {@code bt[btOff + s * btRunStride + j * kc + p]}
     * ({@link WindowProduct}'s windows and run-by-run packing). Each run's vector sums are carried into
     * the next and their lanes added once, not once a run.
     */
    void dotRuns(int runs, int kc, float[] a, int aOff, int lda, int runStride, int rows, float[] bt, int btOff, int btRunStride,
                 int cols, float[] tile);

    /**
     * Packs {@code panels} full B panels that lie side by side in b:
     * {@code dst[d + q * kc * NR + p * NR + j] = b[src + p * ldb + q * NR + j]}, in whichever
     * order is faster for b's row stride (1024 x 1024 packs in 0.18 ms row by row, 0.41 ms panel
     * by panel; LeNet's 256 x 500 patch blocks the other way round); two vector moves per panel
     * row, since a {@code System.arraycopy} of 16 floats costs several times that (it was 16% of
     * LeNet's conv2 filter gradient).
     */
    void packPanels(int kc, int panels, float[] b, int src, int ldb, float[] dst, int d);

    /**
     * Packs one full A panel of a row-major A, interleaving its MR rows:
     * {@code dst[d + p * MR + r] = alpha * a[src + r * lda + p]} for {@code p < kc}, {@code r < MR}.
     * Here because the plain loop's four scalar stores per k step choke on a destination that is
     * not in cache (a 1024 x 1024 A into a 4 MiB panel buffer: 1.0 ms, with vector stores 0.28 ms).
     */
    void packPanelRows(int kc, float alpha, float[] a, int src, int lda, float[] dst, int d);

    /**
     * Packs one full A panel of a transposed A, where a k step's MR values are contiguous:
     * {@code dst[d + p * MR + r] = alpha * a[src + p * lda + r]} for {@code p < kc}, {@code r < MR}.
     */
    void packPanelTransposed(int kc, float alpha, float[] a, int src, int lda, float[] dst, int d);

    /** A short name for logs and benchmark tables. */
    String name();
}
