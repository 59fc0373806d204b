package dev.myelin.cpu;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Sgemm;

import java.util.Arrays;

/**
 * Dilated and grouped convolutions (and depthwise ones, {@code groups = inC}), as im2col + matmul per
 * group: group {@code g}'s patches {@code P_g (rows, K)}, {@code K = KH*KW*inC/groups}, read input
 * channels {@code [g*cg, (g+1)*cg)} at taps spaced by the dilation; its filters are rows
 * {@code [g*og, (g+1)*og)} of W {@code (outC, K)}; forward writes output columns
 * {@code [g*og, (g+1)*og)} of Y {@code (rows, outC)} through the product's leading dimension.
 * The plain convolution keeps {@link CpuConvolution}'s tuned paths; this one is the general case.
 * Batches are cut into chunks within {@link CpuConvolution#PATCH_BUDGET}; backward-filter adds the
 * chunks' products in chunk order, so results do not depend on the thread count.
 */
final class CpuGroupedConvolution {
    private static final int GRAIN = CpuElementwise.GRAIN;

    private CpuGroupedConvolution() {}

    private static int patchCols(Conv2dGeometry g) {
        return g.kernelH() * g.kernelW() * g.filterChannels();
    }

    private static int chunkImages(Conv2dGeometry g) {
        long perImage = (long) g.outH() * g.outW() * patchCols(g);
        return (int) Math.max(1, Math.min(g.batch(), CpuConvolution.PATCH_BUDGET / Math.max(1, perImage)));
    }

    static void forward(float[] x, float[] w, float[] y, Conv2dGeometry g, BufferPool pool) {
        int k = patchCols(g), og = g.outC() / g.groups(), pixels = g.outH() * g.outW(), step = chunkImages(g);
        float[] patches = pool.acquire(step * pixels * k);
        try {
            for (int n0 = 0; n0 < g.batch(); n0 += step) {
                int nb = Math.min(step, g.batch() - n0), rows = nb * pixels;
                for (int group = 0; group < g.groups(); group++) {
                    im2col(x, n0, nb, group, g, patches);
                    Sgemm.sgemm(false, true, rows, og, k, 1f, patches, 0, k, w, group * og * k, k,
                            0f, y, n0 * pixels * g.outC() + group * og, g.outC());
                }
            }
        } finally {
            pool.release(patches);
        }
    }

    static void backwardData(float[] dy, float[] w, float[] dx, Conv2dGeometry g, BufferPool pool) {
        int k = patchCols(g), og = g.outC() / g.groups(), pixels = g.outH() * g.outW(), step = chunkImages(g);
        Arrays.fill(dx, 0, g.batch() * g.inH() * g.inW() * g.inC(), 0f);
        float[] dPatches = pool.acquire(step * pixels * k);
        try {
            for (int n0 = 0; n0 < g.batch(); n0 += step) {
                int nb = Math.min(step, g.batch() - n0), rows = nb * pixels;
                for (int group = 0; group < g.groups(); group++) {
                    Sgemm.sgemm(false, false, rows, k, og, 1f, dy, n0 * pixels * g.outC() + group * og, g.outC(),
                            w, group * og * k, k, 0f, dPatches, 0, k);
                    col2imAdd(dPatches, n0, nb, group, g, dx);
                }
            }
        } finally {
            pool.release(dPatches);
        }
    }

    static void backwardFilter(float[] x, float[] dy, float[] dw, Conv2dGeometry g, BufferPool pool) {
        int k = patchCols(g), og = g.outC() / g.groups(), pixels = g.outH() * g.outW(), step = chunkImages(g);
        float[] patches = pool.acquire(step * pixels * k);
        try {
            for (int n0 = 0; n0 < g.batch(); n0 += step) {
                int nb = Math.min(step, g.batch() - n0), rows = nb * pixels;
                for (int group = 0; group < g.groups(); group++) {
                    im2col(x, n0, nb, group, g, patches);
                    Sgemm.sgemm(true, false, og, k, rows, 1f, dy, n0 * pixels * g.outC() + group * og, g.outC(),
                            patches, 0, k, n0 == 0 ? 0f : 1f, dw, group * og * k, k);
                }
            }
        } finally {
            pool.release(patches);
        }
    }

    /**
     * Group {@code group}'s patch rows of images {@code [n0, n0+nb)}: row {@code (n, oh, ow)}, column
     * {@code (i, j, c)} holds input pixel {@code (oh*sh - padTop + i*dh, ow*sw - padLeft + j*dw)},
     * channel {@code group*cg + c}, or zero in the padding.
     */
    static void im2col(float[] x, int n0, int nb, int group, Conv2dGeometry g, float[] patches) {
        int outH = g.outH(), outW = g.outW(), cg = g.filterChannels(), kh = g.kernelH(), kw = g.kernelW(), k = kh * kw * cg;
        int rows = nb * outH * outW, c0 = group * cg;
        Parallel.forRange(rows, Math.max(1, GRAIN / k), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int n = n0 + r / (outH * outW), oh = r / outW % outH, ow = r % outW;
                int ih0 = oh * g.strideH() - g.padTop(), iw0 = ow * g.strideW() - g.padLeft();
                for (int i = 0; i < kh; i++) {
                    int ih = ih0 + i * g.dilationH();
                    for (int j = 0; j < kw; j++) {
                        int iw = iw0 + j * g.dilationW(), dst = r * k + (i * kw + j) * cg;
                        if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) {
                            Arrays.fill(patches, dst, dst + cg, 0f);
                        } else {
                            System.arraycopy(x, ((n * g.inH() + ih) * g.inW() + iw) * g.inC() + c0, patches, dst, cg);
                        }
                    }
                }
            }
        });
    }

    /** Adds group {@code group}'s patch gradients back onto their input pixels; split by image, so no two threads write one pixel. */
    static void col2imAdd(float[] dPatches, int n0, int nb, int group, Conv2dGeometry g, float[] dx) {
        int outH = g.outH(), outW = g.outW(), cg = g.filterChannels(), kh = g.kernelH(), kw = g.kernelW(), k = kh * kw * cg;
        int c0 = group * cg, perImage = outH * outW * k;
        Parallel.forRange(nb, Math.max(1, GRAIN / Math.max(1, perImage)), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int n = n0 + b;
                for (int oh = 0; oh < outH; oh++) {
                    int ih0 = oh * g.strideH() - g.padTop();
                    for (int ow = 0; ow < outW; ow++) {
                        int iw0 = ow * g.strideW() - g.padLeft(), row = ((b * outH + oh) * outW + ow) * k;
                        for (int i = 0; i < kh; i++) {
                            int ih = ih0 + i * g.dilationH();
                            if (ih < 0 || ih >= g.inH()) continue;
                            for (int j = 0; j < kw; j++) {
                                int iw = iw0 + j * g.dilationW();
                                if (iw < 0 || iw >= g.inW()) continue;
                                int src = row + (i * kw + j) * cg, dst = ((n * g.inH() + ih) * g.inW() + iw) * g.inC() + c0;
                                for (int c = 0; c < cg; c++) dx[dst + c] += dPatches[src + c];
                            }
                        }
                    }
                }
            }
        });
    }
}
