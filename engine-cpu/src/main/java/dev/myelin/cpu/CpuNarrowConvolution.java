package dev.myelin.cpu;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.cpu.kernel.NarrowConvolution;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Sgemm;
import dev.myelin.cpu.kernel.Vectorization;

import java.util.Arrays;

/**
 * Convolutions with few channels on the vector side, computed directly from the input row by
 * output row with {@link NarrowConvolution} instead of through im2col patches and a matrix
 * product: forward and the filter gradient when the output channels fit one vector, the input
 * gradient (stride 1) when the input channels do; the kernels also take two vectors, which no
 * layer is given yet. The input gradient of a stride-1 convolution is
 * the forward convolution of the output gradient, padded by the window's span less the original
 * padding, with the filter flipped and its channel axes swapped, so forward runs it.
 *
 * <p>Left and right padding: an image is copied, between zero columns and rows, into an array of
 * the task's own; top and bottom padding also shorten the range of taps (taps are ordered by
 * window row), so that no multiply-add reads a zero row. Forward and the input gradient are split into fixed runs of rows, each output
 * computed whole by one task; the filter gradient sums fixed chunks of images, each into its own
 * partial, folded in chunk order ({@link OrderedFold}), so results do not depend on the threads.
 */
final class CpuNarrowConvolution {
    private static final NarrowConvolution KERNEL = Vectorization.narrowConvolution();
    /** Fewest multiply-adds per task of a forward: below this a fork costs more than it saves. */
    private static final long MIN_TASK = 1 << 16;
    /** The calling thread's tap table, kept so that a training step allocates none. */
    private static final ThreadLocal<int[][]> TAPS = ThreadLocal.withInitial(() -> new int[][] {new int[0]});

    private CpuNarrowConvolution() {}

    /** Whether forward runs here: ungrouped, not a plain 1x1 (one matrix product), output channels that fill one vector. */
    static boolean runsForward(Conv2dGeometry g) {
        return runsForward(KERNEL, g);
    }

    static boolean runsForward(NarrowConvolution kernel, Conv2dGeometry g) {
        return g.groups() == 1 && !pointwise(g) && fits(kernel, g.outC(), kernel.width());
    }

    /** Whether the input gradient runs here: as forward, for the input channels, stride 1 and padding within the window's span. */
    static boolean runsBackwardData(Conv2dGeometry g) {
        return runsBackwardData(KERNEL, g);
    }

    static boolean runsBackwardData(NarrowConvolution kernel, Conv2dGeometry g) {
        int spanH = g.spanH() - 1, spanW = g.spanW() - 1;
        return g.groups() == 1 && !pointwise(g) && fits(kernel, g.inC(), kernel.width()) && g.strideH() == 1 && g.strideW() == 1
                && g.padTop() <= spanH && g.padBottom() <= spanH && g.padLeft() <= spanW && g.padRight() <= spanW;
    }

    /** Whether the filter gradient runs here: as forward. */
    static boolean runsBackwardFilter(Conv2dGeometry g) {
        return runsForward(KERNEL, g);
    }

    /**
     * Channels that fill at least half a vector and at most {@code most}: fewer waste most of
     * each multiply-add. Measured on one thread (CPU time, 512 bits): with 16 channels, forward
     * 45 -> 65 GFLOP/s against the products, filter gradient 42 -> 62; with 20 (two vectors, the
     * second part-empty) the filter gradient 25 -> 40, but forward fell behind DirectConvolution
     * (66 -> 49) and the input gradient behind the products (80 -> 34); and LeNet's training step,
     * whose only narrow op was that 20-channel filter gradient, ran 1-11% slower in three rounds
     * alternated with the products (2 threads). So all take one vector at most. The plain loops
     * are not measured against the products, so they are never chosen.
     */
    private static boolean fits(NarrowConvolution kernel, int channels, int most) {
        return kernel.width() > 1 && channels <= most && 2 * channels >= kernel.width();
    }

    private static boolean pointwise(Conv2dGeometry g) {
        return g.kernelH() == 1 && g.kernelW() == 1 && g.strideH() == 1 && g.strideW() == 1
                && g.padTop() == 0 && g.padLeft() == 0 && g.padBottom() == 0 && g.padRight() == 0;
    }

    /** {@code y = conv(x, w)}, filter {@code w} OHWI. */
    static void forward(NarrowConvolution kernel, float[] x, float[] w, float[] y, Conv2dGeometry g, BufferPool pool) {
        forward(kernel, x, w, y, g, pool, null);
    }

    /** Forward, {@code epilogue} (null: none) applied to each output row as it is made. */
    static void forward(NarrowConvolution kernel, float[] x, float[] w, float[] y, Conv2dGeometry g, BufferPool pool,
                        ChannelEpilogue epilogue) {
        int taps = g.kernelH() * g.kernelW() * g.inC(), o = g.outC(), width = kernel.padded(o);
        float[] filters = pool.acquire(taps * width);
        try {
            Arrays.fill(filters, 0f);
            for (int f = 0; f < o; f++) {
                for (int t = 0; t < taps; t++) filters[t * width + f] = w[f * taps + t];
            }
            rows(kernel, x, filters, y, g, pool, epilogue);
        } finally {
            pool.release(filters);
        }
    }

    /** {@code dx}: the forward convolution of {@code dy} by the flipped filter (stride 1 only). */
    static void backwardData(NarrowConvolution kernel, float[] dy, float[] w, float[] dx, Conv2dGeometry g, BufferPool pool) {
        int kh = g.kernelH(), kw = g.kernelW(), c = g.inC(), o = g.outC(), width = kernel.padded(c), taps = kh * kw * o;
        Conv2dGeometry flipped = new Conv2dGeometry(g.batch(), g.outH(), g.outW(), o, c, kh, kw, 1, 1,
                g.spanH() - 1 - g.padTop(), g.spanW() - 1 - g.padLeft(), g.spanH() - 1 - g.padBottom(), g.spanW() - 1 - g.padRight(),
                g.dilationH(), g.dilationW(), 1);
        float[] filters = pool.acquire(taps * width);
        try {
            Arrays.fill(filters, 0f);
            // Tap (i, j, f) of the flipped filter, channel ch: w[f][kh-1-i][kw-1-j][ch].
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    for (int f = 0; f < o; f++) {
                        int dst = ((i * kw + j) * o + f) * width, src = ((f * kh + kh - 1 - i) * kw + kw - 1 - j) * c;
                        System.arraycopy(w, src, filters, dst, c);
                    }
                }
            }
            rows(kernel, dy, filters, dx, flipped, pool, null);
        } finally {
            pool.release(filters);
        }
    }

    /** Every output row of {@code y = conv(x)}, the filters packed {@code (taps, padded(outC))}. */
    private static void rows(NarrowConvolution kernel, float[] x, float[] filters, float[] y, Conv2dGeometry g, BufferPool pool,
                             ChannelEpilogue epilogue) {
        Windows windows = new Windows(g, tapTable(g));
        int outH = g.outH(), outW = g.outW(), o = g.outC(), rows = g.batch() * outH;
        // Windows 3 pixels wide at stride 1 (most layers) take the kernel that broadcasts each input once for its 3 windows.
        boolean width3 = g.kernelW() == 3 && g.strideW() == 1 && g.dilationW() == 1;
        float[] scale = epilogue == null ? null : epilogue.scale(), shift = epilogue == null ? null : epilogue.shift();
        float[] residual = epilogue == null ? null : epilogue.residual();
        boolean relu = epilogue != null && epilogue.relu();
        int tasks = g.macs() < Sgemm.PARALLEL_MIN_WORK ? 1
                : (int) Math.max(1, Math.min(Math.min(rows, CpuConvolution.MIN_CHUNKS), g.macs() / MIN_TASK));
        try (ScratchArrays images = new ScratchArrays(pool, tasks, windows.paddedSize())) {
            Parallel.forChunks(rows, tasks, (r0, r1) -> {
                float[] padded = images.take();
                try {
                    Arrays.fill(padded, 0f);
                    for (int r = r0, held = -1; r < r1; r++) {
                        int n = r / outH, oh = r % outH;
                        if (windows.padded && n != held) windows.copyImage(x, n, padded);
                        held = n;
                        float[] in = windows.padded ? padded : x;
                        int from = windows.tapFrom(oh), to = windows.tapTo(oh), out = r * outW * o;
                        if (width3) {
                            kernel.forwardRowWidth3(in, windows.offset(n, oh), g.inC(), outW, windows.xTap, from, to, filters, o, y, out,
                                    scale, shift, residual, relu);
                        } else {
                            kernel.forwardRow(in, windows.offset(n, oh), windows.pixelStep, outW, windows.xTap, from, to, filters, o, y, out,
                                    windows.tapRun, scale, shift, residual, relu);
                        }
                    }
                } finally {
                    images.give(padded);
                }
            });
        }
    }

    /**
     * {@code dw}, OHWI: sums over fixed chunks of images, each into its own partial of layout
     * {@code (taps, padded(outC))}, folded in chunk order, then transposed.
     */
    static void backwardFilter(NarrowConvolution kernel, float[] x, float[] dy, float[] dw, Conv2dGeometry g, BufferPool pool) {
        Windows windows = new Windows(g, tapTable(g));
        int taps = g.kernelH() * g.kernelW() * g.inC(), o = g.outC(), width = kernel.padded(o), size = taps * width;
        int outH = g.outH(), outW = g.outW(), batch = g.batch();
        int chunks = Math.min(batch, CpuConvolution.MIN_CHUNKS);
        int split = g.macs() < Sgemm.PARALLEL_MIN_WORK ? 1 : chunks;
        float[] partials = pool.acquire(chunks * size), sum = pool.acquire(size);
        OrderedFold fold = new OrderedFold(partials, size, chunks, sum);
        try (ScratchArrays images = new ScratchArrays(pool, split, windows.paddedSize())) {
            Parallel.forChunks(chunks, split, (c0, c1) -> {
                float[] padded = images.take();
                try {
                    Arrays.fill(padded, 0f);
                    for (int c = c0; c < c1; c++) {
                        Arrays.fill(partials, c * size, (c + 1) * size, 0f);
                        for (int n = batch * c / chunks, n1 = batch * (c + 1) / chunks; n < n1; n++) {
                            if (windows.padded) windows.copyImage(x, n, padded);
                            for (int oh = 0; oh < outH; oh++) {
                                kernel.filterGradientRow(windows.padded ? padded : x, windows.offset(n, oh), windows.pixelStep, outW,
                                        windows.xTap, windows.tapFrom(oh), windows.tapTo(oh), dy, (n * outH + oh) * outW * o, o,
                                        partials, c * size);
                            }
                        }
                        fold.finished(c);
                    }
                } finally {
                    images.give(padded);
                }
            });
            fold.requireComplete();
            for (int f = 0; f < o; f++) {
                for (int t = 0; t < taps; t++) dw[f * taps + t] = sum[t * width + f];
            }
        } finally {
            pool.release(partials);
            pool.release(sum);
        }
    }

    /** The calling thread's tap table, at least as long as {@code g}'s window. */
    private static int[] tapTable(Conv2dGeometry g) {
        int[][] holder = TAPS.get();
        int taps = g.kernelH() * g.kernelW() * g.inC();
        if (holder[0].length < taps) holder[0] = new int[taps];
        return holder[0];
    }

    /**
     * Where each output row's window reads: straight from the input when there is no left or
     * right padding, else from a copy of its image between zero columns and rows (copied once
     * per image and task: a window row then needs no bounds of its own).
     */
    private static final class Windows {
        final Conv2dGeometry g;
        final boolean padded;
        final int paddedWidth, pixelStep, tapsPerRow, rowFloats;
        /** Runs of consecutive input offsets in every row's taps ({@link NarrowConvolution#tapRun}): rows are cut at window rows. */
        final int tapRun;
        final int[] xTap;

        Windows(Conv2dGeometry g, int[] xTap) {
            this.g = g;
            this.xTap = xTap;
            int c = g.inC();
            padded = g.padLeft() > 0 || g.padRight() > 0;
            paddedWidth = g.inW() + g.padLeft() + g.padRight();
            pixelStep = g.strideW() * c;
            tapsPerRow = g.kernelW() * c;
            rowFloats = (padded ? paddedWidth : g.inW()) * c;
            for (int i = 0, t = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    for (int ch = 0; ch < c; ch++) xTap[t++] = i * g.dilationH() * rowFloats + j * g.dilationW() * c + ch;
                }
            }
            // A run of the whole window that a window row does not divide still divides into runs of their gcd.
            int run = NarrowConvolution.tapRun(xTap, 0, g.kernelH() * tapsPerRow), row = tapsPerRow;
            while (row != 0) {
                int rest = run % row;
                run = row;
                row = rest;
            }
            tapRun = run;
        }

        /** Floats of a padded image (one, unused, when the input is read in place). */
        int paddedSize() {
            return padded ? (g.inH() + g.padTop() + g.padBottom()) * rowFloats : 1;
        }

        /** The first window row of output row {@code oh} inside the input, as a tap index. */
        int tapFrom(int oh) {
            int ih0 = oh * g.strideH() - g.padTop();
            return ih0 >= 0 ? 0 : Math.min(g.kernelH(), Math.ceilDiv(-ih0, g.dilationH())) * tapsPerRow;
        }

        /** One past the last window row of output row {@code oh} inside the input, as a tap index (at least {@link #tapFrom}). */
        int tapTo(int oh) {
            int ih0 = oh * g.strideH() - g.padTop();
            int rows = ih0 >= g.inH() ? 0 : Math.min(g.kernelH(), Math.floorDiv(g.inH() - 1 - ih0, g.dilationH()) + 1);
            return Math.max(tapFrom(oh), rows * tapsPerRow);
        }

        /** Copies image {@code n} inside the zero border of {@code dst} (whose border is left as it is). */
        void copyImage(float[] x, int n, float[] dst) {
            int c = g.inC(), inRow = g.inW() * c;
            for (int ih = 0; ih < g.inH(); ih++) {
                System.arraycopy(x, (n * g.inH() + ih) * inRow, dst, ((ih + g.padTop()) * paddedWidth + g.padLeft()) * c, inRow);
            }
        }

        /** Where output row {@code (n, oh)}'s first window starts: in the input, or in its padded image. */
        int offset(int n, int oh) {
            return padded ? oh * g.strideH() * rowFloats : (n * g.inH() + oh * g.strideH() - g.padTop()) * rowFloats;
        }
    }
}
