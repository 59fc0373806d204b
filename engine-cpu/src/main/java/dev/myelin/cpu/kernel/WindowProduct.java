package dev.myelin.cpu.kernel;

import static dev.myelin.cpu.kernel.MicroKernel.HALF;
import static dev.myelin.cpu.kernel.MicroKernel.MR;
import static dev.myelin.cpu.kernel.MicroKernel.NR;

/**
 * A convolution's forward product {@code Y = P W^T} with each patch row read where it lies in the
 * input, for windows whose rows are long runs (kernel width times channels: LeNet's second
 * convolution's are 100 floats): the patch matrix is never written. A window is {@code runs} runs
 * of {@code runLength} floats, one input row apart; the pixels of an output row are a fixed step
 * apart, so 2MR of them are the rows of an A operand read in place ({@link MicroKernel#multiplyRows})
 * with that step as its row stride, one run at a time. The filters are packed run by run
 * ({@link #pack}: each run's rows of {@code W^T} are one {@link Sgemm#packB} packing), so each run is
 * a product the micro-kernel already does, its tile added to the runs before it.
 *
 * <p>Through patches, building them took 7% of LeNet's inference at batch 32, and the product
 * then read 128 KiB of patches an image instead of the image's 11.5 KiB. The tiles are those of
 * the patch product (with a {@link WideTileKernel}: 2MR pixels by three, two or one filter panels),
 * so their compiled code is shared with it; a dedicated kernel with the runs as an inner loop ran
 * at half their speed in a whole model's inference, for reasons of C2's code, not of the sums.
 * A row whose width is not a multiple of 2MR ends with a tile moved back to end at its last pixel
 * (it recomputes a few pixels, the same sums, instead of padding); a last panel of at most
 * {@link MicroKernel#HALF} columns runs as dot products along the runs.
 */
public final class WindowProduct {
    /** Output pixels per tile. */
    static final int PIXELS = 2 * MR;
    /** Floats of the scratch tile {@link #row} takes. */
    public static final int TILE_FLOATS = MR * NR;
    private static final WindowProduct VECTOR = Vectorization.kernel() instanceof WideTileKernel w ? new WindowProduct(w) : null;

    private final MicroKernel kernel;
    /** The kernel when it has 2MR-row tiles, else null (MR-row tiles, two per tile of pixels). */
    private final WideTileKernel wide;

    private WindowProduct(MicroKernel kernel) {
        this.kernel = kernel;
        this.wide = kernel instanceof WideTileKernel w ? w : null;
    }

    /**
     * The product with this machine's 512-bit micro-kernel, or null where the CPU prefers narrower
     * vectors (there the patch product's 4 x 16 tiles pack their patches and were not measured this way).
     */
    public static WindowProduct vectorOrNull() {
        return VECTOR;
    }

    /** The product with the scalar micro-kernel (tests run both). */
    public static WindowProduct scalar() {
        return new WindowProduct(Vectorization.scalar());
    }

    /** The product with the 512-bit micro-kernel whether or not this CPU prefers it (tests), or null without the Vector API. */
    public static WindowProduct vector512OrNull() {
        MicroKernel vector = Vectorization.vector512OrNull();
        return vector == null ? null : new WindowProduct(vector);
    }

    /**
     * Whether filters of {@code n} output channels and runs of {@code runLength} fit the tiles:
     * each run's packing is one k slice and one column block, its last panel full or at most
     * HALF wide, and output rows have at least one tile's pixels.
     */
    public static boolean applies(int runLength, int n, int outW) {
        int narrow = n % NR;
        return runLength <= PackedGemm.KC && n <= PackedGemm.blockWidth(PackedGemm.sliceDepth(runLength)) && n >= NR
                && (narrow == 0 || narrow <= HALF) && outW >= PIXELS;
    }

    /** Floats {@link #pack} writes. */
    public static int packedSize(int runs, int runLength, int n) {
        return runs * PackedGemm.packedSize(runLength, n);
    }

    /**
     * Packs filters {@code w (n, runs * runLength)} (a convolution's OHWI filter, rows in the
     * patch order) run by run: run {@code s} is the packing of {@code W^T}'s rows
     * {@code [s * runLength, (s + 1) * runLength)}, as {@link Sgemm#packB} lays it out.
     */
    public static PackedB pack(float[] w, int runs, int runLength, int n, float[] dst) {
        int k = runs * runLength, size = PackedGemm.packedSize(runLength, n);
        if (dst.length < runs * size) throw new IllegalArgumentException("window product: " + runs * size + " floats needed, got " + dst.length);
        PackedGemm gemm = Sgemm.defaultGemm();
        for (int s = 0; s < runs; s++) gemm.packWhole(true, runLength, n, w, s * runLength, k, dst, s * size);
        return new PackedB(dst, k, n, runs);
    }

    /**
     * One output row: {@code y[yOff + q * n + j] = sum_p window_q[p] * W[j, p]} for pixels
     * {@code q < pixels} and channels {@code j < n}, where window q is {@code runs} runs of
     * {@code runLength} floats {@code runStride} apart from {@code x[xOff + q * pixelStep]}, and
     * {@code filters} W packed by {@link #pack} with as many runs. Each output sums its runs one
     * after another, each run along the window in order. {@code tile}: scratch of at least
     * {@link #TILE_FLOATS} floats.
     */
    public void row(float[] x, int xOff, int pixelStep, int pixels, int runs, int runLength, int runStride, PackedB filters,
                    float[] y, int yOff, float[] tile) {
        int n = filters.n, full = n / NR, narrow = n - full * NR, runSize = PackedGemm.packedSize(runLength, n);
        if (filters.runs != runs || filters.k != runs * runLength || !applies(runLength, n, pixels)) {
            throw new IllegalArgumentException("window product: " + runs + " runs of " + runLength + " against filters " + filters.k
                    + " x " + n + " packed in " + filters.runs + " runs, for " + pixels + " pixels");
        }
        float[] b = filters.data;
        for (int q0 = 0; q0 < pixels; q0 += PIXELS) {
            int q = Math.min(q0, pixels - PIXELS);
            int xq = xOff + q * pixelStep, yq = yOff + q * n;
            for (int s = 0; s < runs; s++) {
                int a = xq + s * runStride, bRun = s * runSize;
                boolean add = s > 0;
                if (wide != null) wideTiles(a, pixelStep, runLength, full, x, b, bRun, y, yq, n, add);
                else narrowTiles(a, pixelStep, runLength, full, x, b, bRun, y, yq, n, add);
            }
            if (narrow > 0) {
                // The narrow panel's columns one after another, after its HALF-wide rows (PackedGemm.packB).
                int columns = full * runLength * NR + runLength * HALF;
                for (int r = 0; r < PIXELS; r += MR) {
                    kernel.dotRuns(runs, runLength, x, xq + r * pixelStep, pixelStep, runStride, MR, b, columns, runSize, narrow, tile);
                    int yr = yq + r * n + full * NR;
                    for (int i = 0; i < MR; i++) System.arraycopy(tile, i * NR, y, yr + i * n, narrow);
                }
            }
        }
    }

    /** A run's full panels in 2MR-row tiles: threes, then a pair or one (as the patch product's sweep). */
    private void wideTiles(int a, int lda, int kc, int full, float[] x, float[] b, int bRun, float[] y, int yq, int n, boolean add) {
        int j = 0;
        for (; full - j >= 3 && full - j != 4; j += 3) {
            wide.multiplyRowsTriple(kc, x, a, lda, b, bRun + j * kc * NR, y, yq + j * NR, n, add);
        }
        for (; j + 2 <= full; j += 2) wide.multiplyRowsWide(kc, x, a, lda, b, bRun + j * kc * NR, y, yq + j * NR, n, add);
        if (j < full) wide.multiplyRowsTall(kc, x, a, lda, b, bRun + j * kc * NR, y, yq + j * NR, n, add);
    }

    /** A run's full panels in MR x NR tiles, two rows of them per tile of pixels. */
    private void narrowTiles(int a, int lda, int kc, int full, float[] x, float[] b, int bRun, float[] y, int yq, int n, boolean add) {
        for (int r = 0; r < PIXELS; r += MR) {
            for (int j = 0; j < full; j++) {
                kernel.multiplyRows(kc, x, a + r * lda, lda, b, bRun + j * kc * NR, y, yq + r * n + j * NR, n, add);
            }
        }
    }
}
