package dev.myelin.cpu;

import dev.myelin.cpu.kernel.Parallel;

/**
 * Sums and their backward broadcasts. Sums accumulate in double over fixed-size blocks combined in
 * order, so the result does not depend on the number of threads.
 */
final class CpuReductions {
    private static final int GRAIN = CpuElementwise.GRAIN;
    private static final int BLOCK = 1 << 14;
    /** The calling thread's partial sums, kept between calls so that a training step allocates none. */
    private static final ThreadLocal<Partials> PARTIALS = ThreadLocal.withInitial(Partials::new);

    private static final class Partials {
        double[] sums = new double[0];
    }

    private CpuReductions() {}

    /** {@code n} zeroed doubles of the calling thread's scratch, valid until its next call here. */
    private static double[] partials(int n) {
        Partials p = PARTIALS.get();
        if (p.sums.length < n) p.sums = new double[n];
        java.util.Arrays.fill(p.sums, 0, n, 0.0);
        return p.sums;
    }

    static float sum(float[] x, int n) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] partial = partials(blocks);
        Parallel.forRange(blocks, Math.max(1, GRAIN / BLOCK), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                double s = 0;
                int end = Math.min(n, (b + 1) * BLOCK);
                for (int i = b * BLOCK; i < end; i++) s += x[i];
                partial[b] = s;
            }
        });
        double total = 0;
        for (int b = 0; b < blocks; b++) total += partial[b];
        return (float) total;
    }

    /**
     * Column sums of {@code (rows, cols)}: each fixed block of about {@link #BLOCK} elements' rows
     * sums into its own columns, in memory order, and the blocks are added in order. (Splitting by
     * columns instead made every thread read the whole array, and for LeNet's first layer, 20
     * columns, kept one core idle a third of the time.)
     */
    static void sumToLastAxis(float[] x, float[] y, int rows, int cols) {
        int blockRows = Math.max(1, BLOCK / Math.max(1, cols)), blocks = (rows + blockRows - 1) / blockRows;
        double[] partial = partials(blocks * cols);
        Parallel.forRange(blocks, Math.max(1, GRAIN / BLOCK), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int acc = b * cols;
                for (int r = b * blockRows, end = Math.min(rows, r + blockRows); r < end; r++) {
                    int o = r * cols;
                    for (int j = 0; j < cols; j++) partial[acc + j] += x[o + j];
                }
            }
        });
        for (int j = 0; j < cols; j++) {
            double total = 0;
            for (int b = 0; b < blocks; b++) total += partial[b * cols + j];
            y[j] = (float) total;
        }
    }

    static void sumLastAxis(float[] x, float[] y, int rows, int cols) {
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, cols)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                double s = 0;
                int o = r * cols;
                for (int j = 0; j < cols; j++) s += x[o + j];
                y[r] = (float) s;
            }
        });
    }

    static void broadcastLastAxis(float[] x, float[] y, int rows, int n) {
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, n)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) java.util.Arrays.fill(y, r * n, (r + 1) * n, x[r]);
        });
    }

    static void argmaxLastAxis(float[] x, float[] y, int rows, int cols) {
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, cols)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) y[r] = CpuLosses.argmax(x, r * cols, cols);
        });
    }

    static void oneHot(float[] indices, float[] y, int rows, int classes) {
        java.util.Arrays.fill(y, 0, rows * classes, 0f);
        for (int r = 0; r < rows; r++) {
            float v = indices[r];
            if (!(v >= 0 && v < classes) || v != (int) v) {
                throw new IllegalArgumentException("oneHot: index " + v + " at position " + r + " is not a class in [0, " + classes + ")");
            }
            y[r * classes + (int) v] = 1f;
        }
    }
}
