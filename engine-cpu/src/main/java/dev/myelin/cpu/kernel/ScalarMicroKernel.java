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
        multiply(kc, a, aOff, b, bOff, c, cOff, ldc, false);
        multiply(kc, a, aOff2, b, bOff, c, cOff + MR * ldc, ldc, false);
    }

    @Override
    public void multiplyRowsHalf(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc) {
        multiplyRows(kc, a, aOff, lda, b, bOff, c, cOff, ldc, false);
        multiplyRows(kc, a, aOff + MR * lda, lda, b, bOff, c, cOff + MR * ldc, ldc, false);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
