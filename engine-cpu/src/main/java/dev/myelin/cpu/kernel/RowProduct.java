package dev.myelin.cpu.kernel;

/**
 * A product whose left operand is one row, {@code c = alpha * a B}, with B read where it lies:
 * a Dense layer's inference on one sample. Packing B for the tiled product (Sgemm's way) reads
 * and writes all of B to multiply it by one row; here B is read once, row after row, and
 * nothing is written but c (LeNet's Dense 500 at batch 1: packing B was 47% of the time of a
 * whole inference).
 *
 * <p>Each element of c is summed as the tiled product sums its full panels, so a sample's
 * outputs have the same bits at batch 1 as in a larger batch: over each of k's slices
 * ({@link PackedGemm#sliceDepth}) from zero in k's order, the vector kernel with fused
 * multiply-adds and the scalar one without; each slice's sum added to what c holds. (The tiled
 * product sums a last panel of at most 8 columns as dot products when it reads A in place, a C
 * at most 128 wide: there the two differ by rounding.)
 */
public interface RowProduct {
    /**
     * {@code c[cOff + j] (+)= alpha * sum_p a[aOff + p * aStride] * b[bOff + p * ldb + j]} for
     * {@code j < n}, {@code p < k}; c is overwritten unless {@code accumulate}.
     */
    void multiply(int n, int k, float alpha, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
                  boolean accumulate, float[] c, int cOff);

    /** The plain loops: the reference, and the fallback without the Vector API (sums as ScalarMicroKernel's). */
    final class Scalar implements RowProduct {
        @Override
        public void multiply(int n, int k, float alpha, float[] a, int aOff, int aStride, float[] b, int bOff, int ldb,
                             boolean accumulate, float[] c, int cOff) {
            // Row by row of B, in order (see VectorRowProduct), summing each slice in sums.
            float[] sums = new float[n];
            int depth = PackedGemm.sliceDepth(k);
            for (int p0 = 0; p0 < k; p0 += depth) {
                int p1 = Math.min(k, p0 + depth);
                java.util.Arrays.fill(sums, 0f);
                for (int p = p0; p < p1; p++) {
                    float x = alpha * a[aOff + p * aStride];
                    int r = bOff + p * ldb;
                    for (int j = 0; j < n; j++) sums[j] += x * b[r + j];
                }
                boolean add = accumulate || p0 > 0;
                for (int j = 0; j < n; j++) c[cOff + j] = add ? sums[j] + c[cOff + j] : sums[j];
            }
        }
    }
}
