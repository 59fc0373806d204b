package dev.myelin.cpu;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.cpu.kernel.DirectConvolution;
import dev.myelin.cpu.kernel.ElementKernels;
import dev.myelin.cpu.kernel.NarrowConvolution;
import dev.myelin.cpu.kernel.PackedB;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Sgemm;
import dev.myelin.cpu.kernel.Vectorization;
import dev.myelin.cpu.kernel.WindowProduct;

import java.util.Arrays;

/**
 * Convolution as matrix products (im2col); depthwise ones go to {@link CpuDepthwiseConvolution},
 * those with few channels to {@link CpuNarrowConvolution}, other dilated and grouped ones to {@link CpuGroupedConvolution}. Input NHWC, filter OHWI viewed as {@code W (O, K)} with
 * {@code K = KH*KW*C}; the patches of a batch form {@code P (N*OH*OW, K)} in the same (kh, kw, c)
 * order, so forward is {@code Y = P W^T}, backward-data is {@code dP = dY W} scattered back
 * (col2im), and backward-filter is {@code dW = dY^T P}. Batches are cut into chunks whose patch
 * matrix stays under {@link #PATCH_BUDGET} floats, so memory does not grow with the batch.
 */
final class CpuConvolution {
    /**
     * 1 MiB of patches per chunk: the patch matrix is written by im2col and read right back by
     * the matmul, so it should stay in L2/L3 (measured on LeNet's conv2, one thread:
     * backward-filter 32 GFLOP/s with 8 MiB chunks, 45 with 1 MiB; forward unchanged).
     */
    static final int PATCH_BUDGET = 1 << 18;
    /**
     * Chunks a batch is cut into at least (when it has that many images). While the last chunk
     * runs the other core waits, so chunks should be short: on LeNet's step at batch 64 on two
     * cores, 16 chunks ran 2-3% faster than 8 and than 32 (median of 5 one-second rounds each).
     */
    static final int MIN_CHUNKS = 16;
    private static final int GRAIN = CpuElementwise.GRAIN;
    private static final ElementKernels ELEMENT_KERNELS = Vectorization.elementKernels();
    private static final DirectConvolution DIRECT = Vectorization.directConvolution();
    private static final NarrowConvolution NARROW = Vectorization.narrowConvolution();
    /** The patch-free product on 512-bit vectors, or null where the CPU prefers narrower ones. */
    private static final WindowProduct WINDOWS = WindowProduct.vectorOrNull();
    /** Fewest multiply-adds per task of a direct forward: below this a fork costs more than it saves. */
    private static final long DIRECT_MIN_TASK = 1 << 16;
    /** The calling thread's tap table for direct forwards, kept so that a training step allocates none. */
    private static final ThreadLocal<TapTable> TAPS = ThreadLocal.withInitial(TapTable::new);
    /** The calling thread's scratch tile for {@link WindowProduct#row}. */
    private static final ThreadLocal<float[]> TILES = ThreadLocal.withInitial(() -> new float[WindowProduct.TILE_FLOATS]);

    private static final class TapTable {
        int[] offsets = new int[0];
    }

    private CpuConvolution() {}

    private static int patchCols(Conv2dGeometry g) {
        return g.kernelH() * g.kernelW() * g.inC();
    }

    /** Images per chunk: as many as fit the budget, at least one. */
    static int chunkImages(Conv2dGeometry g) {
        long perImage = (long) g.outH() * g.outW() * patchCols(g);
        return (int) Math.max(1, Math.min(g.batch(), PATCH_BUDGET / Math.max(1, perImage)));
    }

    /** A 1x1, stride-1, unpadded convolution's patch matrix is the input itself. */
    private static boolean isPointwise(Conv2dGeometry g) {
        return g.kernelH() == 1 && g.kernelW() == 1 && g.strideH() == 1 && g.strideW() == 1
                && g.padTop() == 0 && g.padLeft() == 0 && g.padBottom() == 0 && g.padRight() == 0;
    }

    /**
     * How a batch is cut: into chunks of whole images, each within the patch budget, and at least
     * {@link #MIN_CHUNKS} of them when there are enough images, so both cores get work and one
     * slow core does not hold the other up. The cut does not depend on the thread count, so
     * backward-filter sums its partial gradients in the same order on every machine.
     */
    static int chunkCount(Conv2dGeometry g) {
        int byBudget = (g.batch() + chunkImages(g) - 1) / chunkImages(g);
        return Math.min(g.batch(), Math.max(byBudget, MIN_CHUNKS));
    }

    private static int chunkStart(Conv2dGeometry g, int chunks, int i) {
        return (int) ((long) g.batch() * i / chunks);
    }

    /** One chunk's work: chunk {@code c} holds images {@code [n0, n0 + nb)}; {@code scratch} is this task's own. */
    @FunctionalInterface
    private interface ChunkTask {
        void run(int c, int n0, int nb, float[] scratch);
    }

    /**
     * Runs {@code task} for each of the {@link #chunkCount} chunks, one task per chunk across the
     * cores, each with a scratch array of {@code scratchFloats} taken before the loop.
     */
    private static void forEachChunk(Conv2dGeometry g, BufferPool pool, int scratchFloats, ChunkTask task) {
        int chunks = chunkCount(g);
        // The same chunks either way (their partial sums fold in chunk order): only who runs them changes.
        int split = g.macs() < Sgemm.PARALLEL_MIN_WORK ? 1 : chunks;
        try (ScratchArrays scratch = new ScratchArrays(pool, split, scratchFloats)) {
            Parallel.forChunks(chunks, split, g.macs(), task.getClass(), (c0, c1) -> {
                float[] own = scratch.take();
                try {
                    for (int c = c0; c < c1; c++) {
                        int n0 = chunkStart(g, chunks, c);
                        task.run(c, n0, chunkStart(g, chunks, c + 1) - n0, own);
                    }
                } finally {
                    scratch.give(own);
                }
            });
        }
    }

    /** {@code Y = P W^T}: one matmul for a pointwise layer, direct for short window rows, else through patches. */
    static void forward(float[] x, float[] w, float[] y, Conv2dGeometry g, BufferPool pool) {
        forward(x, w, null, y, g, pool, null);
    }

    /**
     * Forward with a filter tensor's storage, whose packing for the product is kept while its values
     * stay the same ({@link KeptPackings}); then {@code epilogue} (null: none) on each part of
     * {@code y} as it is made where the path makes it in parts (rows, chunks of images), else on
     * the whole output after.
     */
    static void forward(float[] x, CpuStorage w, float[] y, Conv2dGeometry g, BufferPool pool, ChannelEpilogue epilogue) {
        forward(x, w.values(), w, y, g, pool, epilogue);
    }

    /** The forward of {@code w}, whose storage is {@code keptFrom} (null: a bare array, nothing kept). */
    private static void forward(float[] x, float[] w, CpuStorage keptFrom, float[] y, Conv2dGeometry g, BufferPool pool,
                                ChannelEpilogue epilogue) {
        boolean depthwise = CpuDepthwiseConvolution.applies(g);
        if (!depthwise && CpuNarrowConvolution.runsForward(g)) {
            CpuNarrowConvolution.forward(NARROW, x, w, y, g, pool, epilogue);
            return;
        }
        if (!depthwise && g.isPlain() && !isPointwise(g)) {
            if (runsDirect(g)) forwardDirect(DIRECT, x, w, y, g, pool, epilogue);
            else if (WINDOWS != null && runsWindows(g)) forwardWindows(WINDOWS, x, w, keptFrom, y, g, pool, epilogue);
            else forwardPatches(x, w, keptFrom, y, g, pool, epilogue);
            return;
        }
        if (depthwise) {
            CpuDepthwiseConvolution.forward(x, w, y, g, pool);
        } else if (!g.isPlain()) {
            CpuGroupedConvolution.forward(x, w, y, g, pool);
        } else {
            int k = patchCols(g), o = g.outC(), rows = g.batch() * g.outH() * g.outW();
            PackedB kept = keptFrom == null ? null : KeptPackings.forProduct(keptFrom, true, rows, o, k);
            if (kept != null) Sgemm.sgemm(false, rows, 1f, x, 0, k, kept, 0f, y, 0, o);
            else Sgemm.sgemm(false, true, rows, o, k, 1f, x, 0, k, w, 0, k, 0f, y, 0, o);
        }
        if (epilogue != null) {
            int o = g.outC();
            Parallel.forRange(g.batch() * g.outH() * g.outW(), Math.max(1, GRAIN / o), (p0, p1) -> epilogue.apply(y, p0 * o, p1 * o));
        }
    }

    /**
     * Forward through the patches. The filter is packed once for the product's B operand
     * ({@code W^T}, read through W's transpose) and shared by every chunk, or taken from
     * {@link KeptPackings} when it was packed by an earlier call with the same values. Each chunk of images is
     * one task: its patches are built and multiplied on one core while they are still in that
     * core's cache.
     */
    static void forwardPatches(float[] x, float[] w, float[] y, Conv2dGeometry g, BufferPool pool) {
        forwardPatches(x, w, null, y, g, pool, null);
    }

    private static void forwardPatches(float[] x, float[] w, CpuStorage keptFrom, float[] y, Conv2dGeometry g, BufferPool pool,
                                       ChannelEpilogue epilogue) {
        int k = patchCols(g), o = g.outC(), pixels = g.outH() * g.outW();
        PackedB kept = keptFrom == null ? null : KeptPackings.kept(keptFrom, true, k, o);
        float[] packed = kept == null ? pool.acquire(Sgemm.packedSize(k, o)) : null;
        try {
            PackedB filter = kept != null ? kept : Sgemm.packB(true, k, o, w, 0, k, packed);
            forEachChunk(g, pool, chunkImages(g) * pixels * k, (c, n0, nb, patches) -> {
                int rows = nb * pixels;
                if (transposedPatches(g)) {
                    im2colTransposed(x, n0, nb, g, patches);
                    Sgemm.sgemm(true, rows, 1f, patches, 0, rows, filter, 0f, y, n0 * pixels * o, o);
                } else {
                    im2col(x, n0, nb, g, patches);
                    Sgemm.sgemm(false, rows, 1f, patches, 0, k, filter, 0f, y, n0 * pixels * o, o);
                }
                if (epilogue != null) epilogue.apply(y, n0 * pixels * o, (n0 + nb) * pixels * o);
            });
        } finally {
            if (packed != null) pool.release(packed);
        }
    }

    /**
     * Whether forward skips the patches and runs {@link DirectConvolution}: window rows as short
     * as those {@link #transposedPatches} is for (LeNet's first layer: 24 GFLOP/s through patches,
     * twice that direct), and enough output channels to fill a vector.
     */
    static boolean runsDirect(Conv2dGeometry g) {
        return g.isPlain() && transposedPatches(g) && g.outC() >= DirectConvolution.MIN_CHANNELS;
    }

    /**
     * Whether forward may read its patch rows in place ({@link WindowProduct}): an unpadded plain
     * convolution whose window rows are long runs (those {@link #transposedPatches} is not for) and
     * whose filters the product's tiles take.
     */
    static boolean runsWindows(Conv2dGeometry g) {
        return g.isPlain() && !transposedPatches(g) && g.padTop() == 0 && g.padBottom() == 0 && g.padLeft() == 0 && g.padRight() == 0
                && WindowProduct.applies(g.kernelW() * g.inC(), g.outC(), g.outW());
    }

    /** Forward through the patch-free product, without a kept packing (tests choose {@code product}). */
    static void forwardWindows(WindowProduct product, float[] x, float[] w, float[] y, Conv2dGeometry g, BufferPool pool) {
        forwardWindows(product, x, w, null, y, g, pool, null);
    }

    /**
     * Forward output row by output row, each row's windows read in place by {@code product}, then
     * {@code epilogue} on the row while it is in L1. The filter is packed window row by window
     * row ({@link WindowProduct#pack}), or its kept packing taken.
     */
    private static void forwardWindows(WindowProduct product, float[] x, float[] w, CpuStorage keptFrom, float[] y, Conv2dGeometry g,
                                       BufferPool pool, ChannelEpilogue epilogue) {
        int o = g.outC(), c = g.inC(), kh = g.kernelH(), run = g.kernelW() * c, outH = g.outH(), outW = g.outW(), rowStride = g.inW() * c;
        PackedB kept = keptFrom == null ? null : KeptPackings.keptRuns(keptFrom, kh, run, o);
        float[] packed = kept == null ? pool.acquire(WindowProduct.packedSize(kh, run, o)) : null;
        try {
            PackedB filters = kept != null ? kept : WindowProduct.pack(w, kh, run, o, packed);
            int rows = g.batch() * outH;
            int tasks = g.macs() < Sgemm.PARALLEL_MIN_WORK ? 1 : Math.min(rows, MIN_CHUNKS);
            Parallel.forChunks(rows, tasks, g.macs(), WindowProduct.class, (r0, r1) -> {
                float[] tile = TILES.get();
                for (int r = r0; r < r1; r++) {
                    int n = r / outH, ih0 = r % outH * g.strideH(), yRow = r * outW * o;
                    product.row(x, (n * g.inH() + ih0) * rowStride, g.strideW() * c, outW, kh, run, rowStride, filters, y, yRow, tile);
                    if (epilogue != null) epilogue.apply(y, yRow, yRow + outW * o);
                }
            });
        } finally {
            if (packed != null) pool.release(packed);
        }
    }

    /**
     * Forward with {@code kernel}, output row by output row: the pixels whose windows the input's
     * left and right edges do not cut form one run, sharing a table of tap offsets; the others
     * (padding) go one by one. The same sums in the same order as the patch product, so the
     * same bits (with the vector kernel; the scalar one does not fuse multiply and add).
     */
    static void forwardDirect(DirectConvolution kernel, float[] x, float[] w, float[] y, Conv2dGeometry g, BufferPool pool) {
        forwardDirect(kernel, x, w, y, g, pool, null);
    }

    private static void forwardDirect(DirectConvolution kernel, float[] x, float[] w, float[] y, Conv2dGeometry g, BufferPool pool,
                                      ChannelEpilogue epilogue) {
        int k = patchCols(g), o = g.outC(), c = g.inC(), kh = g.kernelH(), kw = g.kernelW(), row = kw * c;
        int outH = g.outH(), outW = g.outW(), sw = g.strideW(), rowStride = g.inW() * c;
        // Pixels [runFrom, runTo) of a row have windows inside the input horizontally.
        int runFrom = Math.min(outW, Math.ceilDiv(g.padLeft(), sw));
        int runTo = Math.max(runFrom, Math.min(outW, Math.floorDiv(g.inW() - kw + g.padLeft(), sw) + 1));
        int[] xTap = tapTable(k);
        for (int t = 0; t < k; t++) xTap[t] = t / row * rowStride + t % row;
        float[] filters = pool.acquire(DirectConvolution.packedSize(o, k));
        try {
            DirectConvolution.packFilters(w, o, k, filters);
            int rows = g.batch() * outH;
            int tasks = g.macs() < Sgemm.PARALLEL_MIN_WORK ? 1
                    : (int) Math.max(1, Math.min(Math.min(rows, MIN_CHUNKS), g.macs() / DIRECT_MIN_TASK));
            Parallel.forChunks(rows, tasks, g.macs(), DirectConvolution.class, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    int n = r / outH, ih0 = r % outH * g.strideH() - g.padTop();
                    int i0 = Math.max(0, -ih0), i1 = Math.max(i0, Math.min(kh, g.inH() - ih0));
                    // Where pixel ow's window would start, padding included: only its valid taps are read.
                    int origin = (n * g.inH() + ih0) * rowStride - g.padLeft() * c, yRow = r * outW * o;
                    if (runTo > runFrom) {
                        kernel.forwardRun(x, origin + runFrom * sw * c, sw * c, runTo - runFrom, xTap, i0 * row, i1 * row,
                                filters, k, o, y, yRow + runFrom * o);
                    }
                    for (int ow = 0; ow < runFrom; ow++) forwardEdgePixel(kernel, x, filters, y, g, origin, yRow, ow, i0, i1);
                    for (int ow = runTo; ow < outW; ow++) forwardEdgePixel(kernel, x, filters, y, g, origin, yRow, ow, i0, i1);
                    if (epilogue != null) epilogue.apply(y, yRow, yRow + outW * o);
                }
            });
        } finally {
            pool.release(filters);
        }
    }

    /** Output pixel {@code ow} of the row at {@code origin}, {@code yRow}, whose window the input's left or right edge cuts. */
    private static void forwardEdgePixel(DirectConvolution kernel, float[] x, float[] filters, float[] y, Conv2dGeometry g,
                                         int origin, int yRow, int ow, int i0, int i1) {
        int c = g.inC(), kw = g.kernelW(), iw0 = ow * g.strideW() - g.padLeft();
        int j0 = Math.max(0, -iw0), j1 = Math.max(j0, Math.min(kw, g.inW() - iw0));
        kernel.forwardPixel(x, origin + ow * g.strideW() * c, g.inW() * c, kw * c, i0, i1, j0 * c, j1 * c,
                filters, patchCols(g), g.outC(), y, yRow + ow * g.outC());
    }

    /** The calling thread's tap table, at least {@code taps} long. */
    private static int[] tapTable(int taps) {
        TapTable table = TAPS.get();
        if (table.offsets.length < taps) table.offsets = new int[taps];
        return table.offsets;
    }

    /** {@code dP = dY W}, scattered back onto the input (col2im); the filter is packed once, as in forward. */
    static void backwardData(float[] dy, float[] w, float[] dx, Conv2dGeometry g, BufferPool pool) {
        if (CpuDepthwiseConvolution.applies(g)) {
            CpuDepthwiseConvolution.backwardData(dy, w, dx, g, pool);
            return;
        }
        if (CpuNarrowConvolution.runsBackwardData(g)) {
            CpuNarrowConvolution.backwardData(NARROW, dy, w, dx, g, pool);
            return;
        }
        if (!g.isPlain()) {
            CpuGroupedConvolution.backwardData(dy, w, dx, g, pool);
            return;
        }
        int k = patchCols(g), o = g.outC(), pixels = g.outH() * g.outW();
        if (isPointwise(g)) {
            Sgemm.sgemm(false, false, g.batch() * pixels, k, o, 1f, dy, 0, o, w, 0, k, 0f, dx, 0, k);
            return;
        }
        float[] packed = pool.acquire(Sgemm.packedSize(o, k));
        try {
            PackedB filter = Sgemm.packB(false, o, k, w, 0, k, packed);
            forEachChunk(g, pool, chunkImages(g) * pixels * k, (c, n0, nb, dPatches) -> {
                Sgemm.sgemm(false, nb * pixels, 1f, dy, n0 * pixels * o, o, filter, 0f, dPatches, 0, k);
                col2im(dPatches, n0, nb, g, dx);
            });
        } finally {
            pool.release(packed);
        }
    }

    /**
     * {@code dW = dY^T P}, summed over images: each chunk writes its own partial sum, and the
     * partials are added in chunk order as the chunks finish ({@link OrderedFold}): a fixed order,
     * so results do not depend on which core ran which chunk. Transposed patches give
     * {@code dW^T}, transposed once summed.
     */
    static void backwardFilter(float[] x, float[] dy, float[] dw, Conv2dGeometry g, BufferPool pool) {
        if (CpuDepthwiseConvolution.applies(g)) {
            CpuDepthwiseConvolution.backwardFilter(x, dy, dw, g, pool);
            return;
        }
        if (CpuNarrowConvolution.runsBackwardFilter(g)) {
            CpuNarrowConvolution.backwardFilter(NARROW, x, dy, dw, g, pool);
            return;
        }
        if (!g.isPlain()) {
            CpuGroupedConvolution.backwardFilter(x, dy, dw, g, pool);
            return;
        }
        int k = patchCols(g), o = g.outC(), pixels = g.outH() * g.outW();
        if (isPointwise(g)) {
            Sgemm.sgemm(true, false, o, k, g.batch() * pixels, 1f, dy, 0, o, x, 0, k, 0f, dw, 0, k);
            return;
        }
        int chunks = chunkCount(g), size = o * k;
        boolean transposed = transposedPatches(g);
        float[] partials = pool.acquire(chunks * size);
        float[] sum = transposed ? pool.acquire(size) : dw;
        OrderedFold fold = new OrderedFold(partials, size, chunks, sum);
        try {
            forEachChunk(g, pool, chunkImages(g) * pixels * k, (c, n0, nb, patches) -> {
                int rows = nb * pixels;
                if (transposed) {
                    // dW^T (K, O) = P^T dY: the patches are read in place.
                    im2colTransposed(x, n0, nb, g, patches);
                    Sgemm.sgemm(false, false, k, o, rows, 1f, patches, 0, rows, dy, n0 * pixels * o, o,
                            0f, partials, c * size, o);
                } else {
                    im2col(x, n0, nb, g, patches);
                    Sgemm.sgemm(true, false, o, k, rows, 1f, dy, n0 * pixels * o, o, patches, 0, k,
                            0f, partials, c * size, k);
                }
                fold.finished(c);
            });
            fold.requireComplete();
            if (transposed) {
                for (int f = 0; f < o; f++) {
                    for (int j = 0; j < k; j++) dw[f * k + j] = sum[j * o + f];
                }
            }
        } finally {
            pool.release(partials);
            if (transposed) pool.release(sum);
        }
    }

    /**
     * Fills the patch rows of images {@code [n0, n0+nb)}: row {@code (n, oh, ow)}, column
     * {@code (kh, kw, c)}; zero where the window lies in the padding. For one (row, kh) the valid
     * kw's read consecutive input pixels, so each is one contiguous copy.
     */
    static void im2col(float[] x, int n0, int nb, Conv2dGeometry g, float[] patches) {
        int outH = g.outH(), outW = g.outW(), c = g.inC(), kh = g.kernelH(), kw = g.kernelW(), k = kh * kw * c;
        int rows = nb * outH * outW;
        Parallel.forRange(rows, Math.max(1, GRAIN / k), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int n = n0 + r / (outH * outW), oh = r / outW % outH, ow = r % outW;
                int ih0 = oh * g.strideH() - g.padTop(), iw0 = ow * g.strideW() - g.padLeft();
                int kw0 = Math.max(0, -iw0), kw1 = Math.min(kw, g.inW() - iw0);
                for (int i = 0; i < kh; i++) {
                    int dst = r * k + i * kw * c;
                    int ih = ih0 + i;
                    if (ih < 0 || ih >= g.inH() || kw0 >= kw1) {
                        Arrays.fill(patches, dst, dst + kw * c, 0f);
                        continue;
                    }
                    if (kw0 > 0) Arrays.fill(patches, dst, dst + kw0 * c, 0f);
                    int src = ((n * g.inH() + ih) * g.inW() + iw0 + kw0) * c;
                    System.arraycopy(x, src, patches, dst + kw0 * c, (kw1 - kw0) * c);
                    if (kw1 < kw) Arrays.fill(patches, dst + kw1 * c, dst + kw * c, 0f);
                }
            }
        });
    }

    /**
     * Whether the patches are built transposed, {@code P^T (K, rows)}: when a window row holds few
     * floats (a first layer: 5 for a 5x5 filter on one channel), row-major patches are made of
     * copies too short to pay for their setup (60% of LeNet's first convolution went there), while
     * a row of {@code P^T} is a whole output row's worth of one input row.
     */
    static boolean transposedPatches(Conv2dGeometry g) {
        return g.kernelW() * g.inC() < 16;
    }

    /**
     * The transpose of {@link #im2col}: row {@code (kh, kw, c)} of {@code pt}, column
     * {@code (n, oh, ow)}, {@code rows = nb * outH * outW} floats per row.
     */
    static void im2colTransposed(float[] x, int n0, int nb, Conv2dGeometry g, float[] pt) {
        int outH = g.outH(), outW = g.outW(), c = g.inC(), kw = g.kernelW(), k = patchCols(g);
        int rows = nb * outH * outW, step = g.strideW() * c;
        Parallel.forRange(k, Math.max(1, GRAIN / Math.max(1, rows)), (k0, k1) -> {
            for (int kk = k0; kk < k1; kk++) {
                int i = kk / (kw * c), j = kk / c % kw, ch = kk % c;
                // Output columns whose input column iw = ow * strideW - padLeft + j lies inside the image.
                int ow0 = Math.min(outW, Math.max(0, Math.ceilDiv(g.padLeft() - j, g.strideW())));
                int ow1 = Math.max(ow0, Math.min(outW, Math.ceilDiv(g.inW() + g.padLeft() - j, g.strideW())));
                for (int b = 0; b < nb; b++) {
                    for (int oh = 0; oh < outH; oh++) {
                        int dst = kk * rows + (b * outH + oh) * outW;
                        int ih = oh * g.strideH() - g.padTop() + i;
                        if (ih < 0 || ih >= g.inH()) {
                            Arrays.fill(pt, dst, dst + outW, 0f);
                            continue;
                        }
                        if (ow0 > 0) Arrays.fill(pt, dst, dst + ow0, 0f);
                        int src = (((n0 + b) * g.inH() + ih) * g.inW() + ow0 * g.strideW() - g.padLeft() + j) * c + ch;
                        if (step == 1) {
                            System.arraycopy(x, src, pt, dst + ow0, ow1 - ow0);
                        } else {
                            for (int ow = ow0; ow < ow1; ow++, src += step) pt[dst + ow] = x[src];
                        }
                        if (ow1 < outW) Arrays.fill(pt, dst + ow1, dst + outW, 0f);
                    }
                }
            }
        });
    }

    /**
     * Adds the patch gradients of images {@code [n0, n0+nb)} back onto their input pixels (the
     * transpose of {@link #im2col}). Windows overlap, so work is split by image: no two threads
     * write the same pixel.
     */
    static void col2im(float[] dPatches, int n0, int nb, Conv2dGeometry g, float[] dx) {
        int outH = g.outH(), outW = g.outW(), c = g.inC(), kh = g.kernelH(), kw = g.kernelW(), k = kh * kw * c;
        int imageSize = g.inH() * g.inW() * c;
        Arrays.fill(dx, n0 * imageSize, (n0 + nb) * imageSize, 0f);
        int perImage = outH * outW * k;
        Parallel.forRange(nb, Math.max(1, GRAIN / Math.max(1, perImage)), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int n = n0 + b;
                for (int oh = 0; oh < outH; oh++) {
                    int ih0 = oh * g.strideH() - g.padTop();
                    for (int ow = 0; ow < outW; ow++) {
                        int iw0 = ow * g.strideW() - g.padLeft();
                        int kw0 = Math.max(0, -iw0), kw1 = Math.min(kw, g.inW() - iw0);
                        if (kw0 >= kw1) continue;
                        int row = (b * outH + oh) * outW + ow;
                        int len = (kw1 - kw0) * c;
                        for (int i = 0; i < kh; i++) {
                            int ih = ih0 + i;
                            if (ih < 0 || ih >= g.inH()) continue;
                            int src = row * k + (i * kw + kw0) * c;
                            int dst = ((n * g.inH() + ih) * g.inW() + iw0 + kw0) * c;
                            ELEMENT_KERNELS.add(dPatches, src, dx, dst, dx, dst, len);
                        }
                    }
                }
            }
        });
    }
}
