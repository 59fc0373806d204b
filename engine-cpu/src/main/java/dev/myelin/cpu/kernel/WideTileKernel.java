package dev.myelin.cpu.kernel;

/**
 * A {@link MicroKernel} that also computes 2MR-row tiles from two A panels that follow each other
 * ({@code aOff}, {@code aOff + kc * MR}, or 2MR rows read in place), faster than its MR x NR
 * tiles: {@link PackedGemm} sweeps C with them wherever both A panels and the B panels are full.
 * Each gives the bits of the {@link MicroKernel#multiply} (or {@link MicroKernel#multiplyRows})
 * tiles it stands for.
 */
interface WideTileKernel extends MicroKernel {
    /**
     * {@code C[0:2*MR, 0:2*NR] (+)= A * B} from two A panels and two B panels that follow each
     * other ({@code bOff}, {@code bOff + kc * NR}).
     */
    void multiplyWide(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);

    /** {@link #multiplyWide} with A's 2MR rows read in place, as in {@link #multiplyRows}. */
    void multiplyRowsWide(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);

    /** {@code C[0:2*MR, 0:NR] (+)= A * B} from two A panels and one B panel: the odd full B panel left after the pairs. */
    void multiplyTall(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * {@code C[0:2*MR, 0:3*NR] (+)= A * B} with A's 2MR rows read in place and three B panels that
     * follow each other: the last three full B panels of an odd count (LeNet's second convolution
     * has 3 and 2 columns, its Dense 500 31 and 4), in one pass over A instead of a pair and a tall tile.
     */
    void multiplyRowsTriple(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);

    /** {@link #multiplyRowsTriple} from two A panels that follow each other, as in {@link #multiplyWide}. */
    void multiplyTriple(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);

    /** {@link #multiplyTall} with A's 2MR rows read in place, as in {@link #multiplyRows}. */
    void multiplyRowsTall(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate);
}
