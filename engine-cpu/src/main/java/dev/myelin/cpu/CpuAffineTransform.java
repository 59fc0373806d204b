package dev.myelin.cpu;

import dev.myelin.backend.FillMode;
import dev.myelin.backend.ImageInterpolation;
import dev.myelin.cpu.kernel.Parallel;

/**
 * Affine resampling of NHWC images and its backward, one image per task. Positions are computed in
 * float with the same operation order as the CUDA kernel ({@code image.cu}), so both read the same pixels.
 */
final class CpuAffineTransform {
    private CpuAffineTransform() {}

    /** Keras's index fixers: where index {@code i} of an axis of {@code n} reads, or -1 for the fill value. */
    static int fix(FillMode mode, int i, int n) {
        return switch (mode) {
            case CONSTANT -> i >= 0 && i < n ? i : -1;
            case NEAREST -> Math.clamp(i, 0, n - 1);
            case WRAP -> Math.floorMod(i, n);
            case MIRROR -> mirror(i, n);
            case REFLECT -> Math.floorDiv(mirror(2 * i + 1, 2 * n + 1) - 1, 2);
        };
    }

    /** The triangular wave of half-period {@code n - 1}: {@code |((i + s) mod 2s) - s|}. */
    private static int mirror(int i, int n) {
        int s = n - 1;
        if (s == 0) return 0;
        return Math.abs(Math.floorMod(i + s, 2 * s) - s);
    }

    /** Round half away from zero, as C's {@code roundf}. */
    static float round(float v) {
        return v >= 0 ? (float) Math.floor(v + 0.5f) : -(float) Math.floor(-v + 0.5f);
    }

    static void forward(float[] x, float[] t, float[] y, int batch, int h, int w, int c,
                        ImageInterpolation interpolation, FillMode mode, float fill) {
        Parallel.forRange(batch, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int image = b * h * w * c;
                float a0 = t[b * 6], a1 = t[b * 6 + 1], a2 = t[b * 6 + 2], c0 = t[b * 6 + 3], c1 = t[b * 6 + 4], c2 = t[b * 6 + 5];
                for (int oy = 0; oy < h; oy++) {
                    for (int ox = 0; ox < w; ox++) {
                        float xf = a0 * ox + a1 * oy + a2, yf = c0 * ox + c1 * oy + c2;
                        int out = image + (oy * w + ox) * c;
                        if (interpolation == ImageInterpolation.NEAREST) {
                            int iy = fix(mode, (int) round(yf), h), ix = fix(mode, (int) round(xf), w);
                            for (int ch = 0; ch < c; ch++) y[out + ch] = iy < 0 || ix < 0 ? fill : x[image + (iy * w + ix) * c + ch];
                            continue;
                        }
                        float fy = (float) Math.floor(yf), fx = (float) Math.floor(xf);
                        float wy = yf - fy, wx = xf - fx;
                        int y0 = fix(mode, (int) fy, h), y1 = fix(mode, (int) fy + 1, h);
                        int x0 = fix(mode, (int) fx, w), x1 = fix(mode, (int) fx + 1, w);
                        for (int ch = 0; ch < c; ch++) {
                            float v00 = read(x, image, w, c, y0, x0, ch, fill), v01 = read(x, image, w, c, y0, x1, ch, fill);
                            float v10 = read(x, image, w, c, y1, x0, ch, fill), v11 = read(x, image, w, c, y1, x1, ch, fill);
                            float top = (1f - wx) * v00 + wx * v01, bottom = (1f - wx) * v10 + wx * v11;
                            y[out + ch] = (1f - wy) * top + wy * bottom;
                        }
                    }
                }
            }
        });
    }

    private static float read(float[] x, int image, int w, int c, int iy, int ix, int ch, float fill) {
        return iy < 0 || ix < 0 ? fill : x[image + (iy * w + ix) * c + ch];
    }

    /** Scatters {@code dy} back along the same reads; {@code dx} starts at zero. Images are independent, so tasks never share a write. */
    static void backward(float[] dy, float[] t, float[] dx, int batch, int h, int w, int c,
                         ImageInterpolation interpolation, FillMode mode) {
        Parallel.forRange(batch, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int image = b * h * w * c;
                float a0 = t[b * 6], a1 = t[b * 6 + 1], a2 = t[b * 6 + 2], c0 = t[b * 6 + 3], c1 = t[b * 6 + 4], c2 = t[b * 6 + 5];
                for (int oy = 0; oy < h; oy++) {
                    for (int ox = 0; ox < w; ox++) {
                        float xf = a0 * ox + a1 * oy + a2, yf = c0 * ox + c1 * oy + c2;
                        int out = image + (oy * w + ox) * c;
                        if (interpolation == ImageInterpolation.NEAREST) {
                            int iy = fix(mode, (int) round(yf), h), ix = fix(mode, (int) round(xf), w);
                            if (iy >= 0 && ix >= 0) for (int ch = 0; ch < c; ch++) dx[image + (iy * w + ix) * c + ch] += dy[out + ch];
                            continue;
                        }
                        float fy = (float) Math.floor(yf), fx = (float) Math.floor(xf);
                        float wy = yf - fy, wx = xf - fx;
                        int y0 = fix(mode, (int) fy, h), y1 = fix(mode, (int) fy + 1, h);
                        int x0 = fix(mode, (int) fx, w), x1 = fix(mode, (int) fx + 1, w);
                        for (int ch = 0; ch < c; ch++) {
                            float g = dy[out + ch];
                            add(dx, image, w, c, y0, x0, ch, (1f - wy) * (1f - wx) * g);
                            add(dx, image, w, c, y0, x1, ch, (1f - wy) * wx * g);
                            add(dx, image, w, c, y1, x0, ch, wy * (1f - wx) * g);
                            add(dx, image, w, c, y1, x1, ch, wy * wx * g);
                        }
                    }
                }
            }
        });
    }

    private static void add(float[] dx, int image, int w, int c, int iy, int ix, int ch, float v) {
        if (iy >= 0 && ix >= 0) dx[image + (iy * w + ix) * c + ch] += v;
    }
}
