package dev.myelin.cpu.kernel;

/**
 * Single-precision general matrix multiply, BLAS semantics on row-major storage:
 * {@code C = alpha * op(A) * op(B) + beta * C}, with {@code op(A)} of shape {@code (m, k)},
 * {@code op(B)} of shape {@code (k, n)}, {@code C} of shape {@code (m, n)}, and {@code lda},
 * {@code ldb}, {@code ldc} the row strides of the stored (untransposed) matrices.
 *
 * <p>This first version is a plain, correct, row-parallel loop; the packed, register-tiled
 * kernel replaces its body without changing the signature.
 */
public final class Sgemm {
    private Sgemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        long work = (long) m * n * Math.max(k, 1);
        int grain = (int) Math.max(1, Math.min(m, (1L << 16) * m / Math.max(1, work)));
        Parallel.forRange(m, grain, (i0, i1) -> {
            float[] row = new float[n];
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(row, 0f);
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (av == 0f) continue;
                    if (!transB) {
                        int bo = bOff + p * ldb;
                        for (int j = 0; j < n; j++) row[j] += av * b[bo + j];
                    } else {
                        int bo = bOff + p;
                        for (int j = 0; j < n; j++) row[j] += av * b[bo + j * ldb];
                    }
                }
                int co = cOff + i * ldc;
                if (beta == 0f) {
                    for (int j = 0; j < n; j++) c[co + j] = alpha * row[j];
                } else {
                    for (int j = 0; j < n; j++) c[co + j] = alpha * row[j] + beta * c[co + j];
                }
            }
        });
    }
}
