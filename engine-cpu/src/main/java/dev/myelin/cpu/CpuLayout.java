package dev.myelin.cpu;

import dev.myelin.cpu.kernel.Parallel;

/** Axis permutation and NHWC zero padding and cropping: index arithmetic, split across cores by rows. */
final class CpuLayout {
    private static final int GRAIN = CpuElementwise.GRAIN;

    private CpuLayout() {}

    /** {@code y} has dims {@code x}'s dims permuted by {@code axes}; both row-major. */
    static void transpose(float[] x, int[] dims, int[] axes, float[] y) {
        int rank = dims.length;
        int[] inStrides = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= dims[i];
        }
        int[] outDims = new int[rank], strideOfOut = new int[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = dims[axes[i]];
            strideOfOut[i] = inStrides[axes[i]];
        }
        int inner = outDims[rank - 1], innerStride = strideOfOut[rank - 1];
        int rows = inner == 0 ? 0 : y.length / inner;
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, inner)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int rest = r, src = 0;
                for (int a = rank - 2; a >= 0; a--) {
                    src += (rest % outDims[a]) * strideOfOut[a];
                    rest /= outDims[a];
                }
                int o = r * inner;
                for (int j = 0; j < inner; j++) y[o + j] = x[src + j * innerStride];
            }
        });
    }

    /**
     * Copies the {@code h x w} NHWC images of {@code small} into {@code big} ({@code bh x bw}) at
     * ({@code top}, {@code left}) when {@code toBig}, else reads that window of {@code big} into
     * {@code small}. {@code big} must already hold zeros where padding.
     */
    static void window(float[] small, float[] big, int batch, int h, int w, int c, int bh, int bw, int top, int left, boolean toBig) {
        int rowLength = w * c;
        Parallel.forRange(batch * h, Math.max(1, GRAIN / Math.max(1, rowLength)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int b = r / h, y = r % h;
                int s = r * rowLength, d = ((b * bh + y + top) * bw + left) * c;
                if (toBig) System.arraycopy(small, s, big, d, rowLength);
                else System.arraycopy(big, d, small, s, rowLength);
            }
        });
    }
}
