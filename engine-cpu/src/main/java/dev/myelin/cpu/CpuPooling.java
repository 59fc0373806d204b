package dev.myelin.cpu;

import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.cpu.kernel.ElementKernels;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Vectorization;

import java.util.Arrays;

/**
 * Max and average pooling of NHWC images. Windows are clipped to the input, so padding never wins
 * a max and never counts in an average (Keras). The channel axis is innermost, so each window
 * pixel contributes a contiguous run of channels.
 */
final class CpuPooling {
    private static final int GRAIN = CpuElementwise.GRAIN;
    private static final ElementKernels ELEMENT_KERNELS = Vectorization.elementKernels();

    private CpuPooling() {}

    static void forward(PoolMode mode, float[] x, float[] y, Pool2dGeometry g) {
        int outH = g.outH(), outW = g.outW(), c = g.channels();
        int rows = g.batch() * outH;
        int work = outW * c * g.poolH() * g.poolW();
        int[] inside = mode == PoolMode.MAX ? windowsInside(g) : null;
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, work)), (r0, r1) -> {
            // Max pooling's window offsets; average pooling sums rows of pixels (a global one's window table was 4 KiB a call).
            int[] pixels = mode == PoolMode.MAX ? new int[g.poolH() * g.poolW()] : null;
            for (int r = r0; r < r1; r++) {
                int n = r / outH, oh = r % outH;
                if (inside != null) {
                    // Every window inside the image: its pixels are fixed offsets from its corner.
                    int corner = (n * g.inH() + oh * g.strideH()) * g.inW() * c, step = g.strideW() * c;
                    for (int ow = 0; ow < outW; ow++, corner += step) {
                        for (int q = 0; q < inside.length; q++) pixels[q] = corner + inside[q];
                        ELEMENT_KERNELS.maxOverWindow(x, y, (r * outW + ow) * c, pixels, inside.length, c);
                    }
                    continue;
                }
                int h0 = Math.max(0, oh * g.strideH() - g.padTop()), h1 = Math.min(g.inH(), oh * g.strideH() - g.padTop() + g.poolH());
                for (int ow = 0; ow < outW; ow++) {
                    int dst = (r * outW + ow) * c;
                    if (mode == PoolMode.MAX) {
                        ELEMENT_KERNELS.maxOverWindow(x, y, dst, pixels, windowPixels(g, n, oh, ow, pixels), c);
                        continue;
                    }
                    int w0 = Math.max(0, ow * g.strideW() - g.padLeft()), w1 = Math.min(g.inW(), ow * g.strideW() - g.padLeft() + g.poolW());
                    Arrays.fill(y, dst, dst + c, 0f);
                    for (int h = h0; h < h1; h++) ELEMENT_KERNELS.sumPixels(x, ((n * g.inH() + h) * g.inW() + w0) * c, w1 - w0, c, y, dst);
                    float inv = 1f / ((h1 - h0) * (w1 - w0));
                    for (int j = 0; j < c; j++) y[dst + j] *= inv;
                }
            }
        });
    }

    /**
     * Scatters {@code dy} back: to the first maximum of each window in row-major scan order (max),
     * or evenly over the window's input pixels (average). Windows may overlap, so work is split by
     * image and no two threads write the same pixel.
     */
    static void backward(PoolMode mode, float[] x, float[] y, float[] dy, float[] dx, Pool2dGeometry g) {
        int outH = g.outH(), outW = g.outW(), c = g.channels();
        int imageSize = g.inH() * g.inW() * c;
        int work = outH * outW * c * g.poolH() * g.poolW();
        Parallel.forRange(g.batch(), Math.max(1, GRAIN / Math.max(1, work)), (n0, n1) -> {
            Arrays.fill(dx, n0 * imageSize, n1 * imageSize, 0f);
            int[] pixels = new int[g.poolH() * g.poolW()];
            float[] share = new float[c];
            for (int n = n0; n < n1; n++) {
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        int out = ((n * outH + oh) * outW + ow) * c;
                        int count = windowPixels(g, n, oh, ow, pixels);
                        if (mode == PoolMode.MAX) {
                            ELEMENT_KERNELS.routeToFirstMax(x, y, dy, dx, out, pixels, count, c);
                        } else {
                            float inv = 1f / count;
                            for (int j = 0; j < c; j++) share[j] = dy[out + j] * inv;
                            for (int q = 0; q < count; q++) ELEMENT_KERNELS.add(share, 0, dx, pixels[q], dx, pixels[q], c);
                        }
                    }
                }
            }
        });
    }

    /**
     * When no window of {@code g} reaches past the image (no padding, and the last window ends
     * inside), the offsets of a window's pixels from its corner pixel, in row-major order (the
     * order {@link #windowPixels} lists them in); else null.
     */
    private static int[] windowsInside(Pool2dGeometry g) {
        boolean inside = g.padTop() == 0 && g.padLeft() == 0 && (g.outH() - 1) * g.strideH() + g.poolH() <= g.inH()
                && (g.outW() - 1) * g.strideW() + g.poolW() <= g.inW();
        if (!inside) return null;
        int[] offsets = new int[g.poolH() * g.poolW()];
        for (int h = 0; h < g.poolH(); h++) {
            for (int w = 0; w < g.poolW(); w++) offsets[h * g.poolW() + w] = (h * g.inW() + w) * g.channels();
        }
        return offsets;
    }

    /**
     * The input offsets of window (n, oh, ow)'s pixels that lie inside the image (padding is
     * clipped), in row-major order, written to {@code pixels}; returns how many.
     */
    private static int windowPixels(Pool2dGeometry g, int n, int oh, int ow, int[] pixels) {
        int h0 = Math.max(0, oh * g.strideH() - g.padTop()), h1 = Math.min(g.inH(), oh * g.strideH() - g.padTop() + g.poolH());
        int w0 = Math.max(0, ow * g.strideW() - g.padLeft()), w1 = Math.min(g.inW(), ow * g.strideW() - g.padLeft() + g.poolW());
        int count = 0;
        for (int h = h0; h < h1; h++) {
            for (int w = w0; w < w1; w++) pixels[count++] = ((n * g.inH() + h) * g.inW() + w) * g.channels();
        }
        return count;
    }
}
