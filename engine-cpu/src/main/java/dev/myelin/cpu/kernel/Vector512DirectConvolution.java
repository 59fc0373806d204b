package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectConvolution} on 512-bit vectors, for JVMs whose other float kernels are 512-bit (see
 * {@link Vector512EdgeTiles} for why a JVM keeps to one width): four pixels by a group's 24
 * channels, each pixel's as one full vector (the group's first 16) and the low half of another
 * (its last 8), 8 accumulators fed by one broadcast per pixel and two filter loads per tap. The
 * second load reads 16 floats where 8 count, the next tap's first 8 (or {@link #PADDING}), into
 * lanes whose sums are never stored; so the tap loop has no masked load. Each channel is still
 * one lane's sum in tap order: the bits of {@link VectorDirectConvolution}. Only loaded when
 * {@link Vectorization} found the module and chose 512-bit vectors.
 *
 * <p>Slower than the 256-bit kernel: LeNet's first convolution alone at about 0.6 of its speed
 * here (benchmarks/RESULTS.md, "Slow JVMs"), the price of one width; why, not found. More pixels per
 * block would cover more of the FMA latency, but C1 cannot compile five (below).
 */
final class Vector512DirectConvolution implements DirectConvolution {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final VectorMask<Float> LOW = S.indexInRange(0, 8), HIGH = LOW.not();

    @Override
    public void forwardRun(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                           float[] filters, int taps, int outC, float[] y, int yOff) {
        for (int g = 0; g < DirectConvolution.groups(outC); g++) {
            int wBase = g * taps * GROUP, p = 0;
            for (; p + 4 <= pixels; p += 4) {
                fourPixels(x, xOff + p * pixelStep, pixelStep, xTap, tapFrom, tapTo, filters, wBase, g, outC, y, yOff + p * outC);
            }
            for (; p < pixels; p++) {
                onePixel(x, xOff + p * pixelStep, xTap, tapFrom, tapTo, filters, wBase, g, outC, y, yOff + p * outC);
            }
        }
    }

    /**
     * Four pixels of group g, in a method of its own: C1 gives up on five, or on the whole run in one
     * method (out of virtual registers), and a method left at tier 2 that way runs every vector
     * operation as a Java call (LeNet's first convolution 80 times slower).
     */
    private static void fourPixels(float[] x, int window, int pixelStep, int[] xTap, int tapFrom, int tapTo, float[] filters,
                                  int wBase, int g, int outC, float[] y, int yPixel) {
        int f0 = DirectConvolution.channel(g, 0, outC), f1 = DirectConvolution.channel(g, 8, outC), f2 = DirectConvolution.channel(g, 16, outC);
        FloatVector a = FloatVector.zero(S), a2 = a, b = a, b2 = a, c = a, c2 = a, d = a, d2 = a;
        int xa = window, xb = xa + pixelStep, xc = xb + pixelStep, xd = xc + pixelStep;
        for (int t = tapFrom; t < tapTo; t++) {
            int w = wBase + t * GROUP, tap = xTap[t];
            FloatVector w01 = FloatVector.fromArray(S, filters, w);
            FloatVector w2 = FloatVector.fromArray(S, filters, w + 16);
            FloatVector v = FloatVector.broadcast(S, x[xa + tap]);
            a = v.fma(w01, a);
            a2 = v.fma(w2, a2);
            v = FloatVector.broadcast(S, x[xb + tap]);
            b = v.fma(w01, b);
            b2 = v.fma(w2, b2);
            v = FloatVector.broadcast(S, x[xc + tap]);
            c = v.fma(w01, c);
            c2 = v.fma(w2, c2);
            v = FloatVector.broadcast(S, x[xd + tap]);
            d = v.fma(w01, d);
            d2 = v.fma(w2, d2);
        }
        // Written out: a helper taking vectors as arguments boxes them when C2 declines to inline it.
        int ya = yPixel, yb = ya + outC, yc = yb + outC, yd = yc + outC;
        if (f1 == f0 + 8) {
            a.intoArray(y, ya + f0);
            b.intoArray(y, yb + f0);
            c.intoArray(y, yc + f0);
            d.intoArray(y, yd + f0);
        } else {
            // The second 8 moved back (fewer than 16 channels): the high lanes stored 8 floats early.
            a.intoArray(y, ya + f0, LOW);
            a.intoArray(y, ya + f1 - 8, HIGH);
            b.intoArray(y, yb + f0, LOW);
            b.intoArray(y, yb + f1 - 8, HIGH);
            c.intoArray(y, yc + f0, LOW);
            c.intoArray(y, yc + f1 - 8, HIGH);
            d.intoArray(y, yd + f0, LOW);
            d.intoArray(y, yd + f1 - 8, HIGH);
        }
        // Overlapping vectors (a last group moved back) store the same bits twice.
        a2.intoArray(y, ya + f2, LOW);
        b2.intoArray(y, yb + f2, LOW);
        c2.intoArray(y, yc + f2, LOW);
        d2.intoArray(y, yd + f2, LOW);
    }

    private static void onePixel(float[] x, int window, int[] xTap, int tapFrom, int tapTo, float[] filters,
                                 int wBase, int g, int outC, float[] y, int yPixel) {
        int f0 = DirectConvolution.channel(g, 0, outC), f1 = DirectConvolution.channel(g, 8, outC), f2 = DirectConvolution.channel(g, 16, outC);
        FloatVector a = FloatVector.zero(S), a2 = a;
        for (int t = tapFrom; t < tapTo; t++) {
            int w = wBase + t * GROUP;
            FloatVector v = FloatVector.broadcast(S, x[window + xTap[t]]);
            a = v.fma(FloatVector.fromArray(S, filters, w), a);
            a2 = v.fma(FloatVector.fromArray(S, filters, w + 16), a2);
        }
        if (f1 == f0 + 8) {
            a.intoArray(y, yPixel + f0);
        } else {
            a.intoArray(y, yPixel + f0, LOW);
            a.intoArray(y, yPixel + f1 - 8, HIGH);
        }
        a2.intoArray(y, yPixel + f2, LOW);
    }

    @Override
    public void forwardPixel(float[] x, int xOrigin, int rowStride, int rowLength, int rowFrom, int rowTo, int colFrom, int colTo,
                             float[] filters, int taps, int outC, float[] y, int yOff) {
        for (int g = 0; g < DirectConvolution.groups(outC); g++) {
            FloatVector a = FloatVector.zero(S), a2 = a;
            for (int r = rowFrom; r < rowTo; r++) {
                int xr = xOrigin + r * rowStride, wr = (g * taps + r * rowLength) * GROUP;
                for (int q = colFrom; q < colTo; q++) {
                    int w = wr + q * GROUP;
                    FloatVector v = FloatVector.broadcast(S, x[xr + q]);
                    a = v.fma(FloatVector.fromArray(S, filters, w), a);
                    a2 = v.fma(FloatVector.fromArray(S, filters, w + 16), a2);
                }
            }
            int f0 = DirectConvolution.channel(g, 0, outC), f1 = DirectConvolution.channel(g, 8, outC);
            if (f1 == f0 + 8) {
                a.intoArray(y, yOff + f0);
            } else {
                a.intoArray(y, yOff + f0, LOW);
                a.intoArray(y, yOff + f1 - 8, HIGH);
            }
            a2.intoArray(y, yOff + DirectConvolution.channel(g, 16, outC), LOW);
        }
    }

    @Override
    public String name() {
        return "vector-512";
    }
}
