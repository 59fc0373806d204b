package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link NarrowConvolution} on the Vector API: 512-bit vectors where the CPU prefers them and
 * {@code -Dmyelin.cpu.vectorBits} is not 256, else 256-bit ones (the species is a constant, so
 * that the JIT compiles every vector operation to one instruction; a test runs the 256-bit width
 * in a second JVM). A pixel's channels are one vector (forward: 8 pixels, one accumulator each
 * per filter load; the filter gradient: 16 taps at 512 bits, 8 at 256) or two (4 by 2). The last
 * vector of a pixel is loaded and stored through a mask when the channels do not fill it. Only
 * loaded when {@link Vectorization} found the module.
 *
 * <p>Forward has no 16-pixel kernel: C1 could not compile one (out of virtual registers in linear
 * scan), and a method that C1 compiled at tier 2 while C2 was busy and then failed at tier 3 stays
 * at tier 2 for good, where every vector operation is a Java fallback call: the residual net's
 * inference ran 45 to 60 times slower in 2 of 2 runs on one thread. The 8-pixel blocks compile
 * at every tier.
 */
final class VectorNarrowConvolution implements NarrowConvolution {
    /** 512-bit where the CPU prefers it (unless {@code -Dmyelin.cpu.vectorBits=256}), else 256-bit; {@link VectorWinogradTiles} and batch normalization's element loops use the same. */
    static final VectorSpecies<Float> S =
            !"256".equals(System.getProperty(Vectorization.BITS_PROPERTY, "")) && FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512
                    ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
    private static final int L = S.length();

    @Override
    public int width() {
        return L;
    }

    @Override
    public int maxChannels() {
        return 2 * L;
    }

    @Override
    public void forwardRow(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                           float[] filters, int channels, float[] y, int yOff) {
        forwardRow(x, xOff, pixelStep, pixels, xTap, tapFrom, tapTo, filters, channels, y, yOff, NarrowConvolution.tapRun(xTap, tapFrom, tapTo));
    }

    @Override
    public void forwardRow(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                           float[] filters, int channels, float[] y, int yOff, int tapRun) {
        if (channels <= L) forwardRow1(x, xOff, pixelStep, pixels, xTap, tapFrom, tapTo, filters, channels, y, yOff, tapRun, null, null, null, false);
        else forwardRow2(x, xOff, pixelStep, pixels, xTap, tapFrom, tapTo, filters, channels, y, yOff);
    }

    @Override
    public void forwardRow(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                           float[] filters, int channels, float[] y, int yOff, int tapRun,
                           float[] scale, float[] shift, float[] residual, boolean relu) {
        if (channels <= L) {
            forwardRow1(x, xOff, pixelStep, pixels, xTap, tapFrom, tapTo, filters, channels, y, yOff, tapRun, scale, shift, residual, relu);
        } else {
            NarrowConvolution.super.forwardRow(x, xOff, pixelStep, pixels, xTap, tapFrom, tapTo, filters, channels, y, yOff, tapRun,
                    scale, shift, residual, relu);
        }
    }

    /**
     * The epilogue of {@link #forwardRow}: {@code fma(y, scale, shift)}, plus the residual, floored
     * with the relu, for the {@code pixels} output vectors from {@code y[at]}, {@code channels}
     * apart; nothing when {@code scale} is null. A pass over the row the kernel has just stored
     * (in L1) rather than a step before each store: a helper taking the accumulators would box
     * them wherever the JIT does not inline it (it did not in the width-3 kernel, which then
     * allocated about a gigabyte of boxed vectors a second). Not {@code ChannelEpilogue.apply}:
     * its element kernels are 256-bit, and two widths in one hot path is what made slow JVMs
     * (RESULTS.md); with it the residual net's batch 32 ran 394-432 calls/s and one fork 248,
     * against 421-436 with this pass (alternated forks).
     */
    private static void finish(float[] y, int at, int pixels, int channels, float[] scale, float[] shift, float[] residual, boolean relu) {
        if (scale == null) return;
        VectorMask<Float> m = S.indexInRange(0, channels);
        FloatVector sc = FloatVector.fromArray(S, scale, 0, m), sh = FloatVector.fromArray(S, shift, 0, m);
        // Below every value: max with it changes nothing where there is no relu.
        FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
        for (int k = 0, i = at; k < pixels; k++, i += channels) {
            FloatVector a = FloatVector.fromArray(S, y, i, m).fma(sc, sh);
            if (residual != null) a = a.add(FloatVector.fromArray(S, residual, i, m));
            a.max(floor).intoArray(y, i, m);
        }
    }

    /**
     * One vector of channels: 8 pixels at a time, the filter vector loaded once for the 8. The taps
     * go by runs whose input offsets are consecutive (a window row's {@code kw * c} floats when
     * undilated), each an inner loop whose input index is the tap plus a constant: C2 then hoists
     * the input's bounds checks out of it, where a tap table lookup per tap kept 8 checks per tap.
     */
    private static void forwardRow1(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                                    float[] filters, int channels, float[] y, int yOff, int run,
                                    float[] scale, float[] shift, float[] residual, boolean relu) {
        VectorMask<Float> m = S.indexInRange(0, channels);
        int p = 0;
        for (; p + 8 <= pixels; p += 8) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            int window = xOff + p * pixelStep, s1 = pixelStep, s2 = 2 * pixelStep, s3 = 3 * pixelStep, s4 = 4 * pixelStep;
            int s5 = 5 * pixelStep, s6 = 6 * pixelStep, s7 = 7 * pixelStep;
            for (int t0 = tapFrom; t0 < tapTo; t0 += run) {
                // Tap t of this run reads x[xt + t].
                int xt = window + xTap[t0] - t0;
                for (int t = t0, end = t0 + run; t < end; t++) {
                    FloatVector w = FloatVector.fromArray(S, filters, t * L);
                    int xi = xt + t;
                    a0 = FloatVector.broadcast(S, x[xi]).fma(w, a0);
                    a1 = FloatVector.broadcast(S, x[xi + s1]).fma(w, a1);
                    a2 = FloatVector.broadcast(S, x[xi + s2]).fma(w, a2);
                    a3 = FloatVector.broadcast(S, x[xi + s3]).fma(w, a3);
                    a4 = FloatVector.broadcast(S, x[xi + s4]).fma(w, a4);
                    a5 = FloatVector.broadcast(S, x[xi + s5]).fma(w, a5);
                    a6 = FloatVector.broadcast(S, x[xi + s6]).fma(w, a6);
                    a7 = FloatVector.broadcast(S, x[xi + s7]).fma(w, a7);
                }
            }
            int out = yOff + p * channels;
            a0.intoArray(y, out, m);
            a1.intoArray(y, out + channels, m);
            a2.intoArray(y, out + 2 * channels, m);
            a3.intoArray(y, out + 3 * channels, m);
            a4.intoArray(y, out + 4 * channels, m);
            a5.intoArray(y, out + 5 * channels, m);
            a6.intoArray(y, out + 6 * channels, m);
            a7.intoArray(y, out + 7 * channels, m);
        }
        for (; p < pixels; p++) {
            FloatVector a0 = FloatVector.zero(S);
            int window = xOff + p * pixelStep;
            for (int t0 = tapFrom; t0 < tapTo; t0 += run) {
                int xt = window + xTap[t0] - t0;
                for (int t = t0, end = t0 + run; t < end; t++) {
                    a0 = FloatVector.broadcast(S, x[xt + t]).fma(FloatVector.fromArray(S, filters, t * L), a0);
                }
            }
            a0.intoArray(y, yOff + p * channels, m);
        }
        finish(y, yOff, pixels, channels, scale, shift, residual, relu);
    }

    @Override
    public void forwardRowWidth3(float[] x, int xOff, int inC, int pixels, int[] xTap, int tapFrom, int tapTo,
                                 float[] filters, int channels, float[] y, int yOff,
                                 float[] scale, float[] shift, float[] residual, boolean relu) {
        if (channels > L) {
            NarrowConvolution.super.forwardRowWidth3(x, xOff, inC, pixels, xTap, tapFrom, tapTo, filters, channels, y, yOff,
                    scale, shift, residual, relu);
            return;
        }
        VectorMask<Float> m = S.indexInRange(0, channels);
        int rowTaps = 3 * inC, c2 = 2 * inC, c3 = 3 * inC, c4 = 4 * inC, c5 = 5 * inC, c6 = 6 * inC, c7 = 7 * inC, c8 = 8 * inC, c9 = 9 * inC;
        int p = 0;
        for (; p + 8 <= pixels; p += 8) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int t0 = tapFrom; t0 < tapTo; t0 += rowTaps) {
                // Input columns p .. p + 9 of this window row: column q feeds the windows of pixels q - 2 .. q.
                int row = xOff + xTap[t0] + p * inC;
                for (int ch = 0; ch < inC; ch++) {
                    int t = t0 + ch, i = row + ch;
                    FloatVector w0 = FloatVector.fromArray(S, filters, t * L), w1 = FloatVector.fromArray(S, filters, (t + inC) * L);
                    FloatVector w2 = FloatVector.fromArray(S, filters, (t + c2) * L);
                    FloatVector v = FloatVector.broadcast(S, x[i]);
                    a0 = v.fma(w0, a0);
                    v = FloatVector.broadcast(S, x[i + inC]);
                    a1 = v.fma(w0, a1);
                    a0 = v.fma(w1, a0);
                    v = FloatVector.broadcast(S, x[i + c2]);
                    a2 = v.fma(w0, a2);
                    a1 = v.fma(w1, a1);
                    a0 = v.fma(w2, a0);
                    v = FloatVector.broadcast(S, x[i + c3]);
                    a3 = v.fma(w0, a3);
                    a2 = v.fma(w1, a2);
                    a1 = v.fma(w2, a1);
                    v = FloatVector.broadcast(S, x[i + c4]);
                    a4 = v.fma(w0, a4);
                    a3 = v.fma(w1, a3);
                    a2 = v.fma(w2, a2);
                    v = FloatVector.broadcast(S, x[i + c5]);
                    a5 = v.fma(w0, a5);
                    a4 = v.fma(w1, a4);
                    a3 = v.fma(w2, a3);
                    v = FloatVector.broadcast(S, x[i + c6]);
                    a6 = v.fma(w0, a6);
                    a5 = v.fma(w1, a5);
                    a4 = v.fma(w2, a4);
                    v = FloatVector.broadcast(S, x[i + c7]);
                    a7 = v.fma(w0, a7);
                    a6 = v.fma(w1, a6);
                    a5 = v.fma(w2, a5);
                    v = FloatVector.broadcast(S, x[i + c8]);
                    a7 = v.fma(w1, a7);
                    a6 = v.fma(w2, a6);
                    a7 = FloatVector.broadcast(S, x[i + c9]).fma(w2, a7);
                }
            }
            int out = yOff + p * channels;
            a0.intoArray(y, out, m);
            a1.intoArray(y, out + channels, m);
            a2.intoArray(y, out + 2 * channels, m);
            a3.intoArray(y, out + 3 * channels, m);
            a4.intoArray(y, out + 4 * channels, m);
            a5.intoArray(y, out + 5 * channels, m);
            a6.intoArray(y, out + 6 * channels, m);
            a7.intoArray(y, out + 7 * channels, m);
        }
        for (; p < pixels; p++) {
            FloatVector a0 = FloatVector.zero(S);
            for (int t0 = tapFrom; t0 < tapTo; t0 += rowTaps) {
                int row = xOff + xTap[t0] + p * inC;
                for (int ch = 0; ch < inC; ch++) {
                    int t = t0 + ch, i = row + ch;
                    a0 = FloatVector.broadcast(S, x[i]).fma(FloatVector.fromArray(S, filters, t * L), a0);
                    a0 = FloatVector.broadcast(S, x[i + inC]).fma(FloatVector.fromArray(S, filters, (t + inC) * L), a0);
                    a0 = FloatVector.broadcast(S, x[i + c2]).fma(FloatVector.fromArray(S, filters, (t + c2) * L), a0);
                }
            }
            a0.intoArray(y, yOff + p * channels, m);
        }
        finish(y, yOff, pixels, channels, scale, shift, residual, relu);
    }

    /** Two vectors of channels: 4 pixels at a time (8 accumulators, within AVX2's 16 registers too). */
    private static void forwardRow2(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                                    float[] filters, int channels, float[] y, int yOff) {
        VectorMask<Float> m = S.indexInRange(L, channels);
        int p = 0, stride = 2 * L;
        for (; p + 4 <= pixels; p += 4) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
            int window = xOff + p * pixelStep, s2 = 2 * pixelStep, s3 = 3 * pixelStep;
            for (int t = tapFrom; t < tapTo; t++) {
                FloatVector w0 = FloatVector.fromArray(S, filters, t * stride);
                FloatVector w1 = FloatVector.fromArray(S, filters, t * stride + L);
                int xi = window + xTap[t];
                FloatVector va = FloatVector.broadcast(S, x[xi]);
                a0 = va.fma(w0, a0);
                a1 = va.fma(w1, a1);
                FloatVector vb = FloatVector.broadcast(S, x[xi + pixelStep]);
                b0 = vb.fma(w0, b0);
                b1 = vb.fma(w1, b1);
                FloatVector vc = FloatVector.broadcast(S, x[xi + s2]);
                c0 = vc.fma(w0, c0);
                c1 = vc.fma(w1, c1);
                FloatVector vd = FloatVector.broadcast(S, x[xi + s3]);
                d0 = vd.fma(w0, d0);
                d1 = vd.fma(w1, d1);
            }
            int out = yOff + p * channels;
            a0.intoArray(y, out);
            a1.intoArray(y, out + L, m);
            b0.intoArray(y, out + channels);
            b1.intoArray(y, out + channels + L, m);
            c0.intoArray(y, out + 2 * channels);
            c1.intoArray(y, out + 2 * channels + L, m);
            d0.intoArray(y, out + 3 * channels);
            d1.intoArray(y, out + 3 * channels + L, m);
        }
        for (; p < pixels; p++) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0;
            int window = xOff + p * pixelStep;
            for (int t = tapFrom; t < tapTo; t++) {
                FloatVector va = FloatVector.broadcast(S, x[window + xTap[t]]);
                a0 = va.fma(FloatVector.fromArray(S, filters, t * stride), a0);
                a1 = va.fma(FloatVector.fromArray(S, filters, t * stride + L), a1);
            }
            int out = yOff + p * channels;
            a0.intoArray(y, out);
            a1.intoArray(y, out + L, m);
        }
    }

    @Override
    public void filterGradientRow(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                                  float[] dy, int dyOff, int channels, float[] grad, int gradOff) {
        if (channels <= L) filterGradientRow1(x, xOff, pixelStep, pixels, xTap, tapFrom, tapTo, dy, dyOff, channels, grad, gradOff);
        else filterGradientRow2(x, xOff, pixelStep, pixels, xTap, tapFrom, tapTo, dy, dyOff, channels, grad, gradOff);
    }

    /** One vector of channels: 8 taps' gradients in registers while the row's pixels stream by. */
    private static void filterGradientRow1(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                                           float[] dy, int dyOff, int channels, float[] grad, int gradOff) {
        VectorMask<Float> m = S.indexInRange(0, channels);
        int t = tapFrom;
        // 512-bit: 16 taps, so that each accumulator waits on its last multiply-add no longer than the other 15 take.
        if (L == 16) {
            for (; t + 16 <= tapTo; t += 16) gradient16(x, xOff, pixelStep, pixels, xTap, t, dy, dyOff, channels, grad, gradOff + t * L, m);
        }
        for (; t + 8 <= tapTo; t += 8) {
            int g = gradOff + t * L;
            FloatVector g0 = FloatVector.fromArray(S, grad, g), g1 = FloatVector.fromArray(S, grad, g + L);
            FloatVector g2 = FloatVector.fromArray(S, grad, g + 2 * L), g3 = FloatVector.fromArray(S, grad, g + 3 * L);
            FloatVector g4 = FloatVector.fromArray(S, grad, g + 4 * L), g5 = FloatVector.fromArray(S, grad, g + 5 * L);
            FloatVector g6 = FloatVector.fromArray(S, grad, g + 6 * L), g7 = FloatVector.fromArray(S, grad, g + 7 * L);
            int x0 = xOff + xTap[t], x1 = xOff + xTap[t + 1], x2 = xOff + xTap[t + 2], x3 = xOff + xTap[t + 3];
            int x4 = xOff + xTap[t + 4], x5 = xOff + xTap[t + 5], x6 = xOff + xTap[t + 6], x7 = xOff + xTap[t + 7];
            for (int p = 0, xp = 0, d = dyOff; p < pixels; p++, xp += pixelStep, d += channels) {
                FloatVector v = FloatVector.fromArray(S, dy, d, m);
                g0 = FloatVector.broadcast(S, x[x0 + xp]).fma(v, g0);
                g1 = FloatVector.broadcast(S, x[x1 + xp]).fma(v, g1);
                g2 = FloatVector.broadcast(S, x[x2 + xp]).fma(v, g2);
                g3 = FloatVector.broadcast(S, x[x3 + xp]).fma(v, g3);
                g4 = FloatVector.broadcast(S, x[x4 + xp]).fma(v, g4);
                g5 = FloatVector.broadcast(S, x[x5 + xp]).fma(v, g5);
                g6 = FloatVector.broadcast(S, x[x6 + xp]).fma(v, g6);
                g7 = FloatVector.broadcast(S, x[x7 + xp]).fma(v, g7);
            }
            g0.intoArray(grad, g);
            g1.intoArray(grad, g + L);
            g2.intoArray(grad, g + 2 * L);
            g3.intoArray(grad, g + 3 * L);
            g4.intoArray(grad, g + 4 * L);
            g5.intoArray(grad, g + 5 * L);
            g6.intoArray(grad, g + 6 * L);
            g7.intoArray(grad, g + 7 * L);
        }
        for (; t < tapTo; t++) {
            int g = gradOff + t * L, from = xOff + xTap[t];
            FloatVector g0 = FloatVector.fromArray(S, grad, g);
            for (int p = 0, xp = 0, d = dyOff; p < pixels; p++, xp += pixelStep, d += channels) {
                g0 = FloatVector.broadcast(S, x[from + xp]).fma(FloatVector.fromArray(S, dy, d, m), g0);
            }
            g0.intoArray(grad, g);
        }
    }

    /** 16 taps' gradients of one vector of channels, from tap {@code t}, at {@code grad[g]}. */
    private static void gradient16(float[] x, int xOff, int step, int pixels, int[] xTap, int t,
                                   float[] dy, int dyOff, int channels, float[] grad, int g, VectorMask<Float> m) {
        FloatVector g0 = FloatVector.fromArray(S, grad, g), g1 = FloatVector.fromArray(S, grad, g + L);
        FloatVector g2 = FloatVector.fromArray(S, grad, g + 2 * L), g3 = FloatVector.fromArray(S, grad, g + 3 * L);
        FloatVector g4 = FloatVector.fromArray(S, grad, g + 4 * L), g5 = FloatVector.fromArray(S, grad, g + 5 * L);
        FloatVector g6 = FloatVector.fromArray(S, grad, g + 6 * L), g7 = FloatVector.fromArray(S, grad, g + 7 * L);
        FloatVector g8 = FloatVector.fromArray(S, grad, g + 8 * L), g9 = FloatVector.fromArray(S, grad, g + 9 * L);
        FloatVector g10 = FloatVector.fromArray(S, grad, g + 10 * L), g11 = FloatVector.fromArray(S, grad, g + 11 * L);
        FloatVector g12 = FloatVector.fromArray(S, grad, g + 12 * L), g13 = FloatVector.fromArray(S, grad, g + 13 * L);
        FloatVector g14 = FloatVector.fromArray(S, grad, g + 14 * L), g15 = FloatVector.fromArray(S, grad, g + 15 * L);
        int x0 = xOff + xTap[t], x1 = xOff + xTap[t + 1], x2 = xOff + xTap[t + 2], x3 = xOff + xTap[t + 3];
        int x4 = xOff + xTap[t + 4], x5 = xOff + xTap[t + 5], x6 = xOff + xTap[t + 6], x7 = xOff + xTap[t + 7];
        int x8 = xOff + xTap[t + 8], x9 = xOff + xTap[t + 9], x10 = xOff + xTap[t + 10], x11 = xOff + xTap[t + 11];
        int x12 = xOff + xTap[t + 12], x13 = xOff + xTap[t + 13], x14 = xOff + xTap[t + 14], x15 = xOff + xTap[t + 15];
        for (int p = 0, xp = 0, d = dyOff; p < pixels; p++, xp += step, d += channels) {
            FloatVector v = FloatVector.fromArray(S, dy, d, m);
            g0 = FloatVector.broadcast(S, x[x0 + xp]).fma(v, g0);
            g1 = FloatVector.broadcast(S, x[x1 + xp]).fma(v, g1);
            g2 = FloatVector.broadcast(S, x[x2 + xp]).fma(v, g2);
            g3 = FloatVector.broadcast(S, x[x3 + xp]).fma(v, g3);
            g4 = FloatVector.broadcast(S, x[x4 + xp]).fma(v, g4);
            g5 = FloatVector.broadcast(S, x[x5 + xp]).fma(v, g5);
            g6 = FloatVector.broadcast(S, x[x6 + xp]).fma(v, g6);
            g7 = FloatVector.broadcast(S, x[x7 + xp]).fma(v, g7);
            g8 = FloatVector.broadcast(S, x[x8 + xp]).fma(v, g8);
            g9 = FloatVector.broadcast(S, x[x9 + xp]).fma(v, g9);
            g10 = FloatVector.broadcast(S, x[x10 + xp]).fma(v, g10);
            g11 = FloatVector.broadcast(S, x[x11 + xp]).fma(v, g11);
            g12 = FloatVector.broadcast(S, x[x12 + xp]).fma(v, g12);
            g13 = FloatVector.broadcast(S, x[x13 + xp]).fma(v, g13);
            g14 = FloatVector.broadcast(S, x[x14 + xp]).fma(v, g14);
            g15 = FloatVector.broadcast(S, x[x15 + xp]).fma(v, g15);
        }
        g0.intoArray(grad, g);
        g1.intoArray(grad, g + L);
        g2.intoArray(grad, g + 2 * L);
        g3.intoArray(grad, g + 3 * L);
        g4.intoArray(grad, g + 4 * L);
        g5.intoArray(grad, g + 5 * L);
        g6.intoArray(grad, g + 6 * L);
        g7.intoArray(grad, g + 7 * L);
        g8.intoArray(grad, g + 8 * L);
        g9.intoArray(grad, g + 9 * L);
        g10.intoArray(grad, g + 10 * L);
        g11.intoArray(grad, g + 11 * L);
        g12.intoArray(grad, g + 12 * L);
        g13.intoArray(grad, g + 13 * L);
        g14.intoArray(grad, g + 14 * L);
        g15.intoArray(grad, g + 15 * L);
    }

    /** Two vectors of channels: 4 taps by 2 vectors in registers. */
    private static void filterGradientRow2(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                                           float[] dy, int dyOff, int channels, float[] grad, int gradOff) {
        VectorMask<Float> m = S.indexInRange(L, channels);
        int t = tapFrom, stride = 2 * L;
        for (; t + 4 <= tapTo; t += 4) {
            int g = gradOff + t * stride;
            FloatVector a0 = FloatVector.fromArray(S, grad, g), a1 = FloatVector.fromArray(S, grad, g + L);
            FloatVector b0 = FloatVector.fromArray(S, grad, g + stride), b1 = FloatVector.fromArray(S, grad, g + stride + L);
            FloatVector c0 = FloatVector.fromArray(S, grad, g + 2 * stride), c1 = FloatVector.fromArray(S, grad, g + 2 * stride + L);
            FloatVector d0 = FloatVector.fromArray(S, grad, g + 3 * stride), d1 = FloatVector.fromArray(S, grad, g + 3 * stride + L);
            int xa = xOff + xTap[t], xb = xOff + xTap[t + 1], xc = xOff + xTap[t + 2], xd = xOff + xTap[t + 3];
            for (int p = 0, xp = 0, d = dyOff; p < pixels; p++, xp += pixelStep, d += channels) {
                FloatVector v0 = FloatVector.fromArray(S, dy, d), v1 = FloatVector.fromArray(S, dy, d + L, m);
                FloatVector va = FloatVector.broadcast(S, x[xa + xp]);
                a0 = va.fma(v0, a0);
                a1 = va.fma(v1, a1);
                FloatVector vb = FloatVector.broadcast(S, x[xb + xp]);
                b0 = vb.fma(v0, b0);
                b1 = vb.fma(v1, b1);
                FloatVector vc = FloatVector.broadcast(S, x[xc + xp]);
                c0 = vc.fma(v0, c0);
                c1 = vc.fma(v1, c1);
                FloatVector vd = FloatVector.broadcast(S, x[xd + xp]);
                d0 = vd.fma(v0, d0);
                d1 = vd.fma(v1, d1);
            }
            a0.intoArray(grad, g);
            a1.intoArray(grad, g + L);
            b0.intoArray(grad, g + stride);
            b1.intoArray(grad, g + stride + L);
            c0.intoArray(grad, g + 2 * stride);
            c1.intoArray(grad, g + 2 * stride + L);
            d0.intoArray(grad, g + 3 * stride);
            d1.intoArray(grad, g + 3 * stride + L);
        }
        for (; t < tapTo; t++) {
            int g = gradOff + t * stride, from = xOff + xTap[t];
            FloatVector a0 = FloatVector.fromArray(S, grad, g), a1 = FloatVector.fromArray(S, grad, g + L);
            for (int p = 0, xp = 0, d = dyOff; p < pixels; p++, xp += pixelStep, d += channels) {
                FloatVector va = FloatVector.broadcast(S, x[from + xp]);
                a0 = va.fma(FloatVector.fromArray(S, dy, d), a0);
                a1 = va.fma(FloatVector.fromArray(S, dy, d + L, m), a1);
            }
            a0.intoArray(grad, g);
            a1.intoArray(grad, g + L);
        }
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }
}
