package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectConvolution} on 256-bit vectors: three pixels by three vectors of channels, 9
 * accumulators fed by one broadcast per pixel and three filter loads per tap. The taps run as
 * one flat loop over a table of offsets: loops over window rows and row positions (five of five
 * for LeNet) made C2 unroll the inner one and spill accumulators at every row, and ran at half
 * this speed. Only loaded when {@link Vectorization} found the module.
 */
final class VectorDirectConvolution implements DirectConvolution {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    @Override
    public void forwardRun(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                           float[] filters, int taps, int outC, float[] y, int yOff) {
        for (int g = 0; g < DirectConvolution.groups(outC); g++) {
            int f0 = DirectConvolution.channel(g, 0, outC), f1 = DirectConvolution.channel(g, 8, outC), f2 = DirectConvolution.channel(g, 16, outC);
            int wBase = g * taps * GROUP;
            int p = 0;
            for (; p + 3 <= pixels; p += 3) {
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0, c0 = a0, c1 = a0, c2 = a0;
                int window = xOff + p * pixelStep, step2 = 2 * pixelStep;
                for (int t = tapFrom; t < tapTo; t++) {
                    int w = wBase + t * GROUP, xi = window + xTap[t];
                    FloatVector w0 = FloatVector.fromArray(S, filters, w);
                    FloatVector w1 = FloatVector.fromArray(S, filters, w + 8);
                    FloatVector w2 = FloatVector.fromArray(S, filters, w + 16);
                    FloatVector va = FloatVector.broadcast(S, x[xi]);
                    a0 = va.fma(w0, a0);
                    a1 = va.fma(w1, a1);
                    a2 = va.fma(w2, a2);
                    FloatVector vb = FloatVector.broadcast(S, x[xi + pixelStep]);
                    b0 = vb.fma(w0, b0);
                    b1 = vb.fma(w1, b1);
                    b2 = vb.fma(w2, b2);
                    FloatVector vc = FloatVector.broadcast(S, x[xi + step2]);
                    c0 = vc.fma(w0, c0);
                    c1 = vc.fma(w1, c1);
                    c2 = vc.fma(w2, c2);
                }
                // Overlapping vectors (a last group moved back) store the same bits twice.
                int ya = yOff + p * outC, yb = ya + outC, yc = yb + outC;
                a0.intoArray(y, ya + f0);
                a1.intoArray(y, ya + f1);
                a2.intoArray(y, ya + f2);
                b0.intoArray(y, yb + f0);
                b1.intoArray(y, yb + f1);
                b2.intoArray(y, yb + f2);
                c0.intoArray(y, yc + f0);
                c1.intoArray(y, yc + f1);
                c2.intoArray(y, yc + f2);
            }
            for (; p < pixels; p++) {
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0;
                int window = xOff + p * pixelStep;
                for (int t = tapFrom; t < tapTo; t++) {
                    int w = wBase + t * GROUP;
                    FloatVector va = FloatVector.broadcast(S, x[window + xTap[t]]);
                    a0 = va.fma(FloatVector.fromArray(S, filters, w), a0);
                    a1 = va.fma(FloatVector.fromArray(S, filters, w + 8), a1);
                    a2 = va.fma(FloatVector.fromArray(S, filters, w + 16), a2);
                }
                int ya = yOff + p * outC;
                a0.intoArray(y, ya + f0);
                a1.intoArray(y, ya + f1);
                a2.intoArray(y, ya + f2);
            }
        }
    }

    @Override
    public void forwardPixel(float[] x, int xOrigin, int rowStride, int rowLength, int rowFrom, int rowTo, int colFrom, int colTo,
                             float[] filters, int taps, int outC, float[] y, int yOff) {
        for (int g = 0; g < DirectConvolution.groups(outC); g++) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0;
            for (int r = rowFrom; r < rowTo; r++) {
                int xr = xOrigin + r * rowStride, wr = (g * taps + r * rowLength) * GROUP;
                for (int q = colFrom; q < colTo; q++) {
                    int w = wr + q * GROUP;
                    FloatVector va = FloatVector.broadcast(S, x[xr + q]);
                    a0 = va.fma(FloatVector.fromArray(S, filters, w), a0);
                    a1 = va.fma(FloatVector.fromArray(S, filters, w + 8), a1);
                    a2 = va.fma(FloatVector.fromArray(S, filters, w + 16), a2);
                }
            }
            a0.intoArray(y, yOff + DirectConvolution.channel(g, 0, outC));
            a1.intoArray(y, yOff + DirectConvolution.channel(g, 8, outC));
            a2.intoArray(y, yOff + DirectConvolution.channel(g, 16, outC));
        }
    }

    @Override
    public String name() {
        return "vector-256";
    }
}
