package dev.myelin.cpu.kernel;

/**
 * The fallback micro-kernel in plain Java, used when the Vector API is absent or disabled. The
 * accumulator tile is a local array whose inner loop over NR columns C2 can auto-vectorize.
 */
final class ScalarMicroKernel implements MicroKernel {
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    @Override
    public void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        float[] acc = TILE.get();
        java.util.Arrays.fill(acc, 0f);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + p * NR;
            for (int r = 0; r < MR; r++) {
                float av = a[ai + r];
                int row = r * NR;
                for (int j = 0; j < NR; j++) acc[row + j] += av * b[bi + j];
            }
        }
        store(acc, c, cOff, ldc, accumulate);
    }

    private static void store(float[] acc, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int r = 0; r < MR; r++) {
            int co = cOff + r * ldc, row = r * NR;
            if (!accumulate) {
                for (int j = 0; j < NR; j++) c[co + j] = acc[row + j];
            } else {
                for (int j = 0; j < NR; j++) c[co + j] = acc[row + j] + c[co + j];
            }
        }
    }

    @Override
    public void multiplyRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc, boolean accumulate) {
        float[] acc = TILE.get();
        java.util.Arrays.fill(acc, 0f);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            for (int r = 0; r < MR; r++) {
                float av = a[aOff + r * lda + p];
                int row = r * NR;
                for (int j = 0; j < NR; j++) acc[row + j] += av * b[bi + j];
            }
        }
        store(acc, c, cOff, ldc, accumulate);
    }

    @Override
    public void multiplyHalf(int kc, float[] a, int aOff, int aOff2, float[] b, int bOff, float[] c, int cOff, int ldc) {
        float[] acc = TILE.get();
        java.util.Arrays.fill(acc, 0f);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * HALF;
            for (int r = 0; r < 2 * MR; r++) {
                float av = r < MR ? a[aOff + p * MR + r] : a[aOff2 + p * MR + r - MR];
                int row = r * HALF;
                for (int j = 0; j < HALF; j++) acc[row + j] += av * b[bi + j];
            }
        }
        for (int r = 0; r < 2 * MR; r++) System.arraycopy(acc, r * HALF, c, cOff + r * ldc, HALF);
    }

    @Override
    public void dotRows(int kc, float[] a, int aOff, int lda, int rows, float[] bt, int btOff, int cols, float[] tile) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float sum = 0f;
                for (int p = 0; p < kc; p++) sum += a[aOff + r * lda + p] * bt[btOff + j * kc + p];
                tile[r * NR + j] = sum;
            }
        }
    }

    @Override
    public void dotRuns(int runs, int kc, float[] a, int aOff, int lda, int runStride, int rows, float[] bt, int btOff, int btRunStride,
                        int cols, float[] tile) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float sum = 0f;
                for (int s = 0; s < runs; s++) {
                    for (int p = 0; p < kc; p++) sum += a[aOff + r * lda + s * runStride + p] * bt[btOff + s * btRunStride + j * kc + p];
                }
                tile[r * NR + j] = sum;
            }
        }
    }

    @Override
    public void packPanels(int kc, int panels, float[] b, int src, int ldb, float[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            for (int q = 0; q < panels; q++) System.arraycopy(b, src + p * ldb + q * NR, dst, d + q * kc * NR + p * NR, NR);
        }
    }

    @Override
    public void packPanelRows(int kc, float alpha, float[] a, int src, int lda, float[] dst, int d) {
        int s0 = src, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
        for (int p = 0; p < kc; p++, d += MR) {
            dst[d] = alpha * a[s0 + p];
            dst[d + 1] = alpha * a[s1 + p];
            dst[d + 2] = alpha * a[s2 + p];
            dst[d + 3] = alpha * a[s3 + p];
        }
    }

    @Override
    public void packPanelTransposed(int kc, float alpha, float[] a, int src, int lda, float[] dst, int d) {
        for (int p = 0; p < kc; p++, d += MR, src += lda) {
            for (int r = 0; r < MR; r++) dst[d + r] = alpha * a[src + r];
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
