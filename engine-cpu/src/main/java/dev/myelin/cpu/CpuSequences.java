package dev.myelin.cpu;

import dev.myelin.cpu.kernel.Parallel;

import java.util.Arrays;

/** Row gathers and axis copies for sequence layers, on float arrays. */
final class CpuSequences {
    private CpuSequences() {}

    /** {@code y[b, m] = table[b, idx[b or 0, m]]}, zeros for an index outside {@code [0, rows)}. */
    static void gather(float[] table, float[] idx, boolean sharedIndices, float[] y, int batch, int rows, int m, int d) {
        Parallel.forRange(batch * m, Math.max(1, 4096 / Math.max(1, d)), (from, to) -> {
            for (int bm = from; bm < to; bm++) {
                int b = bm / m, j = bm % m;
                int row = (int) idx[sharedIndices ? j : bm];
                int dst = bm * d;
                if (row >= 0 && row < rows) System.arraycopy(table, (b * rows + row) * d, y, dst, d);
                else Arrays.fill(y, dst, dst + d, 0f);
            }
        });
    }

    /** {@code dt[b, idx[b or 0, m]] += dy[b, m]} into zeroed {@code dt}; tables are independent, so they split across threads. */
    static void gatherBackward(float[] idx, boolean sharedIndices, float[] dy, float[] dt, int batch, int rows, int m, int d) {
        Arrays.fill(dt, 0, batch * rows * d, 0f);
        Parallel.forRange(batch, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                for (int j = 0; j < m; j++) {
                    int row = (int) idx[sharedIndices ? j : b * m + j];
                    if (row < 0 || row >= rows) continue;
                    int src = (b * m + j) * d, dst = (b * rows + row) * d;
                    for (int k = 0; k < d; k++) dt[dst + k] += dy[src + k];
                }
            }
        });
    }

    /** Copies {@code length} positions of the middle axis, for each of {@code outer} blocks of {@code inner} floats each. */
    static void copyAlongAxis(float[] src, int srcLen, int srcStart, float[] dst, int dstLen, int dstStart, int outer, int inner, int length) {
        int run = length * inner;
        if (run == 0) return;
        for (int o = 0; o < outer; o++) {
            System.arraycopy(src, (o * srcLen + srcStart) * inner, dst, (o * dstLen + dstStart) * inner, run);
        }
    }
}
