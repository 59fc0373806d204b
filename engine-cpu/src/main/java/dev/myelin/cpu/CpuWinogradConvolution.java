package dev.myelin.cpu;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Sgemm;
import dev.myelin.cpu.kernel.Vectorization;
import dev.myelin.cpu.kernel.WinogradTiles;

import java.util.Arrays;

/**
 * The inference forward of stride-1 3 x 3 convolutions with one vector of channels in and out
 * (the residual net's 16 to 16) as Winograd's F(4x4, 3x3) ({@link WinogradTiles}): 36 multiplies
 * per channel pair for 16 outputs where the direct convolution takes 144. The filter's transform
 * is kept with its storage while its values stay the same (as {@link KeptPackings} keeps packings).
 *
 * <p>An image is copied once per task between zero rows and columns, its pixels a vector apart
 * (padding lanes zero), so that every 6 x 6 input tile reads inside it; its tiles are then taken a
 * band of tile rows at a time: the band's tiles transformed, then for each of the 36 positions the
 * products of all its tiles by the transformed filter ({@link WinogradTiles#products}, 12 tiles a
 * block), then each tile's outputs transformed back, scaled, shifted, added to the residual (if
 * any) and floored into the output. Every tile is computed the same way whatever the threads.
 *
 * <p>The sums differ from the direct convolution's by rounding (the transforms scale values by up
 * to 100 and cancel them), so it runs only where its caller accepts that: the folded batch norms of
 * inference ({@code conv2dScaleShiftActivation}), never a training step's convolution.
 */
final class CpuWinogradConvolution {
    private static final WinogradTiles TILES = Vectorization.winogradTiles();
    private static final int TILE = 4, SPAN = 6, POSITIONS = SPAN * SPAN;
    /** Vectors of the transforms' temporaries: the input's 36, the output's 40. */
    private static final int TEMP_VECTORS = 40;
    /** Tiles in a band at most: its two transformed copies (36 vectors a tile each) stay within L2. */
    private static final int BAND_TILES = 64;
    /** G of F(4x4, 3x3): the filter's transform, {@code U = G g G^T}. */
    private static final double[][] G = {
            {1 / 4.0, 0, 0}, {-1 / 6.0, -1 / 6.0, -1 / 6.0}, {-1 / 6.0, 1 / 6.0, -1 / 6.0},
            {1 / 24.0, 1 / 12.0, 1 / 6.0}, {1 / 24.0, -1 / 12.0, 1 / 6.0}, {0, 0, 1}};

    /** A filter's transform kept with its storage: valid while the storage's write count is {@code writes}. */
    record Kept(int writes, int inC, int outC, float[] filters) {}

    private CpuWinogradConvolution() {}

    /**
     * Whether forward runs here: ungrouped, 3 x 3, stride 1, undilated, input and output channels
     * that each fill at least half of one vector (fewer waste the transforms' lanes), outputs at
     * least one tile wide and high.
     */
    static boolean runs(Conv2dGeometry g) {
        if (TILES == null) return false;
        int width = TILES.width();
        return g.groups() == 1 && g.kernelH() == 3 && g.kernelW() == 3 && g.strideH() == 1 && g.strideW() == 1
                && g.dilationH() == 1 && g.dilationW() == 1 && g.outH() >= TILE && g.outW() >= TILE
                && g.inC() <= width && 2 * g.inC() >= width && g.outC() <= width && 2 * g.outC() >= width;
    }

    /** {@code y = conv(x, w)} (filter OHWI), {@code epilogue} applied as each tile's outputs are made. */
    static void forward(float[] x, CpuStorage w, float[] y, Conv2dGeometry g, BufferPool pool, ChannelEpilogue epilogue) {
        float[] filters = filters(w, g);
        int width = TILES.width(), c = g.inC(), o = g.outC(), outH = g.outH(), outW = g.outW();
        int tilesH = Math.ceilDiv(outH, TILE), tilesW = Math.ceilDiv(outW, TILE);
        int bandRows = Math.max(1, Math.min(tilesH, BAND_TILES / tilesW)), bands = Math.ceilDiv(tilesH, bandRows);
        int units = g.batch() * bands, paddedW = tilesW * TILE + 2;
        // One scratch array a task: the transforms' temporaries, the padded image, the band's transformed inputs, its products.
        int temp = TEMP_VECTORS * width, image = (tilesH * TILE + 2) * paddedW * width, transformed = POSITIONS * bandRows * tilesW * width;
        float[] scale = epilogue.scale(), shift = epilogue.shift(), residual = epilogue.residual();
        boolean relu = epilogue.relu();
        int tasks = g.macs() < Sgemm.PARALLEL_MIN_WORK ? 1 : Math.min(units, CpuConvolution.MIN_CHUNKS);
        try (ScratchArrays scratch = new ScratchArrays(pool, tasks, temp + image + 2 * transformed)) {
            Parallel.forChunks(units, tasks, (u0, u1) -> {
                float[] s = scratch.take();
                try {
                    Arrays.fill(s, temp, temp + image, 0f);
                    for (int u = u0, held = -1; u < u1; u++) {
                        int n = u / bands, th0 = u % bands * bandRows, th1 = Math.min(tilesH, th0 + bandRows);
                        if (n != held) copyImage(x, n, g, s, temp, paddedW, width);
                        held = n;
                        int count = (th1 - th0) * tilesW, v = temp + image, m = v + transformed;
                        for (int t = 0; t < count ; t++) {
                            int th = th0 + t / tilesW, tw = t % tilesW;
                            TILES.input(s, temp + (th * TILE * paddedW + tw * TILE) * width, paddedW * width, s, v + t * POSITIONS * width, s);
                        }
                        for (int pos = 0; pos < POSITIONS; pos++) {
                            TILES.products(s, v + pos * width, count, filters, pos * c * width, c, s, m + pos * width);
                        }
                        for (int t = 0; t < count; t++) {
                            int oh = (th0 + t / tilesW) * TILE, ow = t % tilesW * TILE;
                            TILES.output(s, m + t * POSITIONS * width, scale, shift, residual, relu, y, ((n * outH + oh) * outW + ow) * o, outW * o, o,
                                    Math.min(TILE, outH - oh), Math.min(TILE, outW - ow), s);
                        }
                    }
                } finally {
                    scratch.give(s);
                }
            });
        }
    }

    /** Image {@code n} into {@code dst[off]}, inside its zero border, each pixel's channels {@code width} floats apart. */
    private static void copyImage(float[] x, int n, Conv2dGeometry g, float[] dst, int off, int paddedW, int width) {
        int c = g.inC(), inW = g.inW();
        for (int ih = 0; ih < g.inH(); ih++) {
            int src = (n * g.inH() + ih) * inW * c, row = off + ((ih + g.padTop()) * paddedW + g.padLeft()) * width;
            if (c == width) {
                System.arraycopy(x, src, dst, row, inW * c);
            } else {
                for (int iw = 0; iw < inW; iw++) System.arraycopy(x, src + iw * c, dst, row + iw * width, c);
            }
        }
    }

    /** The transformed filter, {@code (36 positions, inC, width)}, kept with {@code w} while its values stay the same. */
    private static float[] filters(CpuStorage w, Conv2dGeometry g) {
        int writes = w.writes(), c = g.inC(), o = g.outC();
        Kept kept = w.winograd;
        if (kept != null && kept.writes() == writes && kept.inC() == c && kept.outC() == o) return kept.filters();
        float[] filters = transform(w.values(), c, o, TILES.width());
        w.winograd = new Kept(writes, c, o, filters);
        return filters;
    }

    /** {@code U = G g G^T} for each filter {@code g} (OHWI, 3 x 3), in double, at {@code [(pos * inC + c) * width + o]}. */
    static float[] transform(float[] w, int inC, int outC, int width) {
        float[] u = new float[POSITIONS * inC * width];
        double[][] gg = new double[SPAN][3];
        for (int o = 0; o < outC; o++) {
            for (int c = 0; c < inC; c++) {
                for (int a = 0; a < SPAN; a++) {
                    for (int j = 0; j < 3; j++) {
                        double sum = 0;
                        for (int i = 0; i < 3; i++) sum += G[a][i] * w[((o * 3 + i) * 3 + j) * inC + c];
                        gg[a][j] = sum;
                    }
                }
                for (int a = 0; a < SPAN; a++) {
                    for (int b = 0; b < SPAN; b++) {
                        double sum = 0;
                        for (int j = 0; j < 3; j++) sum += gg[a][j] * G[b][j];
                        u[((a * SPAN + b) * inC + c) * width + o] = (float) sum;
                    }
                }
            }
        }
        return u;
    }
}
