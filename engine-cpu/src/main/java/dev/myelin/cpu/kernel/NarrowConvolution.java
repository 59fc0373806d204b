package dev.myelin.cpu.kernel;

/**
 * Direct convolution kernels for layers with few channels on the side a vector covers (channels
 * last: a pixel's channels are adjacent), one output row at a time. With 16 output channels one
 * 512-bit vector holds a pixel's outputs, and the kernels multiply a broadcast input value by a
 * vector of filter taps, several pixels at once, with no patch matrix; a matrix product over
 * patches would run its wide tiles part-empty there, after copying every input value once per
 * tap (im2col).
 *
 * <p>A window is a list of taps: tap {@code t} reads the input at {@code xTap[t]} from the
 * window's first element. Channel vectors are padded to {@link #width()}: the filters and the
 * filter gradient are {@code (taps, padded(channels))} matrices whose padding lanes are zero.
 * Input values are summed in tap order (windows 3 pixels wide: channel by channel, see
 * {@link #forwardRowWidth3}), and filter gradients in pixel order, so every result is the same
 * however rows are shared out between threads.
 */
public interface NarrowConvolution {
    /** Floats a channel vector holds: its lanes (1 for the plain loops). */
    int width();

    /** Most channels a pixel may have on the vector side: two vectors' worth, within the registers. */
    int maxChannels();

    /** {@code channels} rounded up to a whole number of vectors. */
    default int padded(int channels) {
        return Math.ceilDiv(channels, width()) * width();
    }

    /**
     * One output row: for pixel {@code p < pixels} and channel {@code o < channels},
     * {@code y[yOff + p * channels + o] = sum over t in [tapFrom, tapTo) of x[xOff + p * pixelStep + xTap[t]] * filters[t * padded(channels) + o]},
     * summed in tap order (zero for an empty range).
     */
    void forwardRow(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                    float[] filters, int channels, float[] y, int yOff);

    /**
     * {@link #forwardRow}, told that the taps fall into runs of {@code tapRun} reading consecutive
     * offsets (as {@link #tapRun} finds; 1 always holds), so that a kernel need not scan the tap
     * table on every row.
     */
    default void forwardRow(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                            float[] filters, int channels, float[] y, int yOff, int tapRun) {
        forwardRow(x, xOff, pixelStep, pixels, xTap, tapFrom, tapTo, filters, channels, y, yOff);
    }

    /**
     * {@link #forwardRow(float[], int, int, int, int[], int, int, float[], int, float[], int, int)},
     * each output then {@code fma(sum, scale[o], shift[o])}, plus {@code residual} (null: none;
     * the output's layout, read at the same offsets) and, with {@code relu}, {@code max(., 0)}:
     * a folded batch norm and what follows it, applied while the row is in registers; with
     * {@code scale} null, none of it.
     */
    default void forwardRow(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                            float[] filters, int channels, float[] y, int yOff, int tapRun,
                            float[] scale, float[] shift, float[] residual, boolean relu) {
        forwardRow(x, xOff, pixelStep, pixels, xTap, tapFrom, tapTo, filters, channels, y, yOff, tapRun);
        finish(y, yOff, pixels, channels, scale, shift, residual, relu);
    }

    /**
     * One output row of a convolution whose windows are 3 pixels wide at stride 1, undilated along
     * the row (a window row is {@code 3 * inC} consecutive floats, tap {@code (kh, kw, ch)} at
     * {@code (kh * 3 + kw) * inC + ch}): as {@link #forwardRow} with its epilogue ({@code scale}
     * null: none), but summed window row by window row, in each its channels in order and for each
     * channel its 3 pixels left to right. That order lets one broadcast input value feed the 3
     * windows that hold it: 10 broadcasts for 24 multiply-adds of an 8-pixel block, where tap
     * order takes 24 (on one thread, the residual net's first layer in a harness: 3.3 G vector
     * multiply-adds a second against 2.5). {@code tapFrom} and {@code tapTo} are window rows' bounds.
     */
    default void forwardRowWidth3(float[] x, int xOff, int inC, int pixels, int[] xTap, int tapFrom, int tapTo,
                                  float[] filters, int channels, float[] y, int yOff,
                                  float[] scale, float[] shift, float[] residual, boolean relu) {
        int width = padded(channels);
        for (int p = 0; p < pixels; p++) {
            int out = yOff + p * channels;
            java.util.Arrays.fill(y, out, out + channels, 0f);
            for (int t0 = tapFrom; t0 < tapTo; t0 += 3 * inC) {
                int i = xOff + xTap[t0] + p * inC;
                for (int ch = 0; ch < inC; ch++) {
                    for (int kw = 0; kw < 3; kw++) {
                        float v = x[i + kw * inC + ch];
                        int f = (t0 + kw * inC + ch) * width;
                        for (int o = 0; o < channels; o++) y[out + o] += v * filters[f + o];
                    }
                }
            }
        }
        finish(y, yOff, pixels, channels, scale, shift, residual, relu);
    }

    /**
     * The epilogue of the row kernels, over the {@code pixels} stored outputs from {@code y[yOff]}:
     * {@code fma(y, scale[o], shift[o])}, plus the residual, then the relu; nothing when
     * {@code scale} is null.
     */
    private static void finish(float[] y, int yOff, int pixels, int channels, float[] scale, float[] shift,
                               float[] residual, boolean relu) {
        if (scale == null) return;
        for (int p = 0, i = yOff; p < pixels; p++) {
            for (int o = 0; o < channels; o++, i++) {
                float v = Math.fma(y[i], scale[o], shift[o]);
                if (residual != null) v += residual[i];
                y[i] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /**
     * Adds one output row's share of the filter gradient: for t in {@code [tapFrom, tapTo)} and
     * channel {@code o < channels},
     * {@code grad[gradOff + t * padded(channels) + o] += sum over p < pixels of x[xOff + p * pixelStep + xTap[t]] * dy[dyOff + p * channels + o]},
     * summed in pixel order; padding lanes stay zero.
     */
    void filterGradientRow(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                           float[] dy, int dyOff, int channels, float[] grad, int gradOff);

    /**
     * The longest {@code run} such that the taps {@code [tapFrom, tapTo)} fall into runs of
     * {@code run} taps, each reading consecutive input offsets ({@code xTap[t + 1] == xTap[t] + 1}
     * inside a run); 1 when none longer does (and for an empty range).
     */
    static int tapRun(int[] xTap, int tapFrom, int tapTo) {
        int run = 1;
        while (tapFrom + run < tapTo && xTap[tapFrom + run] == xTap[tapFrom] + run) run++;
        if ((tapTo - tapFrom) % run != 0) return 1;
        for (int t0 = tapFrom; t0 < tapTo; t0 += run) {
            for (int t = t0 + 1; t < t0 + run; t++) {
                if (xTap[t] != xTap[t - 1] + 1) return 1;
            }
        }
        return run;
    }

    /** A short name for logs and tests: {@code vector-512}, {@code vector-256} or {@code scalar}. */
    String name();

    /** The plain loops: the fallback without the Vector API. */
    final class Scalar implements NarrowConvolution {
        @Override
        public int width() {
            return 1;
        }

        @Override
        public int maxChannels() {
            return 16;
        }

        @Override
        public void forwardRow(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                               float[] filters, int channels, float[] y, int yOff) {
            for (int p = 0; p < pixels; p++) {
                int window = xOff + p * pixelStep, out = yOff + p * channels;
                java.util.Arrays.fill(y, out, out + channels, 0f);
                // Channels innermost, so that the JIT may vectorize them.
                for (int t = tapFrom; t < tapTo; t++) {
                    float v = x[window + xTap[t]];
                    int f = t * channels;
                    for (int o = 0; o < channels; o++) y[out + o] += v * filters[f + o];
                }
            }
        }

        @Override
        public void filterGradientRow(float[] x, int xOff, int pixelStep, int pixels, int[] xTap, int tapFrom, int tapTo,
                                      float[] dy, int dyOff, int channels, float[] grad, int gradOff) {
            for (int t = tapFrom; t < tapTo; t++) {
                int g = gradOff + t * channels, from = xOff + xTap[t];
                for (int p = 0; p < pixels; p++) {
                    float v = x[from + p * pixelStep];
                    int d = dyOff + p * channels;
                    for (int o = 0; o < channels; o++) grad[g + o] += v * dy[d + o];
                }
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    }
}
