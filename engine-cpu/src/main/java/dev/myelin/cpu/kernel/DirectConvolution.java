package dev.myelin.cpu.kernel;

/**
 * Convolution computed from the input pixel by pixel, without a patch matrix, for layers whose
 * window rows are a few floats: a first layer's 5 x 5 window on one channel is five runs of five,
 * and building im2col patches of such runs (then packing them for the matmul) cost more than the
 * multiplying (LeNet's first convolution: 63% of its forward time outside the kernel).
 *
 * <p>A window is a list of taps: tap {@code t} reads {@code x} at a fixed offset from the
 * window's first pixel and is multiplied by column {@code t} of the filters, a {@code (outC, taps)}
 * matrix. Output channels are computed in groups of {@link #GROUP} (three 8-lane vectors), which
 * {@link #packFilters} lays out tap by tap; a layer's last group is moved back to end at its last
 * channel, so it recomputes some channels of the group before it (the same sums in the same
 * order, so the same bits) instead of computing channels that do not exist; hence at least
 * {@link #MIN_CHANNELS} output channels.
 */
public interface DirectConvolution {
    /** Output channels computed together: three 8-lane vectors. */
    int GROUP = 24;
    /** Fewest output channels: one vector's worth. */
    int MIN_CHANNELS = 8;

    /** Floats {@link #packFilters} writes for {@code outC} channels of {@code taps} taps. */
    static int packedSize(int outC, int taps) {
        return groups(outC) * taps * GROUP;
    }

    /** Groups of {@link #GROUP} channels for {@code outC} output channels, the last one moved back. */
    static int groups(int outC) {
        return (outC + GROUP - 1) / GROUP;
    }

    /** The output channel that lane {@code lane} of group {@code group} computes. */
    static int channel(int group, int lane, int outC) {
        return Math.min(group * GROUP + lane / 8 * 8, outC - 8) + lane % 8;
    }

    /**
     * Lays out filters {@code w (outC, taps)} for the kernels: group by group, tap by tap, the
     * group's {@link #GROUP} channels: {@code dst[(g * taps + t) * GROUP + l] = w[channel(g, l) * taps + t]}.
     */
    static void packFilters(float[] w, int outC, int taps, float[] dst) {
        if (outC < MIN_CHANNELS) throw new IllegalArgumentException("direct convolution needs at least " + MIN_CHANNELS + " output channels, got " + outC);
        for (int g = 0; g < groups(outC); g++) {
            for (int l = 0; l < GROUP; l++) {
                int from = channel(g, l, outC) * taps;
                for (int t = 0; t < taps; t++) dst[(g * taps + t) * GROUP + l] = w[from + t];
            }
        }
    }

    /**
     * A run of {@code pixels} output pixels of one output row whose windows the input's left and
     * right edges do not cut (the top or bottom edge may, the same rows for all: then the taps
     * are those of the rows inside): for pixel {@code p} and each channel {@code ch < outC},
     * {@code y[yOff + p * outC + ch] = sum over t in [tapFrom, tapTo) of x[xOff + p * pixelStep + xTap[t]] * w[ch][t]},
     * summed in tap order, with {@code filters} packed by {@link #packFilters} for {@code taps} taps.
     */
    void forwardRun(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                    float[] filters, int taps, int outC, float[] y, int yOff);

    /**
     * One output pixel whose window the input's edge cuts: its taps are the rectangle of rows
     * {@code [rowFrom, rowTo)} and row positions {@code [colFrom, colTo)} of a window whose rows
     * hold {@code rowLength} taps, tap {@code (r, q)} at {@code x[xOrigin + r * rowStride + q]}:
     * {@code y[yOff + ch] = sum of x * w[ch][r * rowLength + q]}, summed in tap order.
     */
    void forwardPixel(float[] x, int xOrigin, int rowStride, int rowLength, int rowFrom, int rowTo, int colFrom, int colTo,
                      float[] filters, int taps, int outC, float[] y, int yOff);

    /** A short name for logs: {@code vector-256} or {@code scalar}. */
    String name();

    /** The plain loops: the reference, and the fallback without the Vector API. */
    final class Scalar implements DirectConvolution {
        @Override
        public void forwardRun(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                               float[] filters, int taps, int outC, float[] y, int yOff) {
            for (int p = 0; p < pixels; p++) {
                int window = xOff + p * pixelStep;
                for (int g = 0; g < groups(outC); g++) {
                    for (int l = 0; l < GROUP; l++) {
                        float s = 0f;
                        for (int t = tapFrom; t < tapTo; t++) s += x[window + xTap[t]] * filters[(g * taps + t) * GROUP + l];
                        y[yOff + p * outC + channel(g, l, outC)] = s;
                    }
                }
            }
        }

        @Override
        public void forwardPixel(float[] x, int xOrigin, int rowStride, int rowLength, int rowFrom, int rowTo, int colFrom, int colTo,
                                 float[] filters, int taps, int outC, float[] y, int yOff) {
            for (int g = 0; g < groups(outC); g++) {
                for (int l = 0; l < GROUP; l++) {
                    float s = 0f;
                    for (int r = rowFrom; r < rowTo; r++) {
                        for (int q = colFrom; q < colTo; q++) {
                            s += x[xOrigin + r * rowStride + q] * filters[(g * taps + r * rowLength + q) * GROUP + l];
                        }
                    }
                    y[yOff + channel(g, l, outC)] = s;
                }
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    }
}
