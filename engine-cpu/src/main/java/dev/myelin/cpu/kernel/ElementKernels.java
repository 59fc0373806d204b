package dev.myelin.cpu.kernel;

/**
 * The per-element loops C2 leaves slow when written plainly, each with a Vector API
 * implementation chosen by {@link Vectorization} beside the plain one. Loops whose every element
 * makes a choice ({@code x > 0}, {@code x == max}): C2 compiles the choice into a branch that
 * mispredicts on real activations about half the time (ReLU's backward: 5.5 ms per million
 * elements here, 0.25 ms as a vector blend). And adds between arrays at different offsets, which
 * C2 left scalar here (the arrays might be one): 0.37 ns per float, 0.15 as vectors.
 */
public interface ElementKernels {

    /** {@code dx[i] = x[i] > 0 ? dy[i] : 0} for i in {@code [from, to)}. */
    void reluBackward(float[] x, float[] dy, float[] dx, int from, int to);

    /**
     * Max pooling's backward for one window: for each channel {@code j < c}, adds {@code dy[out + j]}
     * to {@code dx[p + j]} for the first {@code p} of {@code pixels[0..count)} (window scan order)
     * where {@code x[p + j] == y[out + j]}, the window's maximum.
     */
    void routeToFirstMax(float[] x, float[] y, float[] dy, float[] dx, int out, int[] pixels, int count, int c);

    /**
     * Max pooling's forward for one window: {@code y[out + j] = max(x[p + j])} over the {@code count}
     * pixels {@code p} of {@code pixels} (Math.max semantics), for each channel {@code j < c};
     * negative infinity for an empty window.
     */
    void maxOverWindow(float[] x, float[] y, int out, int[] pixels, int count, int c);

    /**
     * {@code z[zOff + i] = x[xOff + i] + y[yOff + i]} for {@code i < n}; z may be y, same offset, to
     * add in place. A bias added to rows of activations, col2im's patch rows, the filter
     * gradient's partials.
     */
    void add(float[] x, int xOff, float[] y, int yOff, float[] z, int zOff, int n);

    /**
     * {@code z[zOff + i] = Math.max(x[xOff + i] + y[yOff + i], 0)} for {@code i < n} (NaN stays
     * NaN); z may be x or y at the same offset. A bias and relu in one pass.
     */
    void addRelu(float[] x, int xOff, float[] y, int yOff, float[] z, int zOff, int n);

    /**
     * {@code z[zOff + i] = fma(x[xOff + i], scale[i], shift[i])}, then {@code Math.max(.., 0)} when
     * {@code relu}, for {@code i < n}; z may be x at the same offset. A batch norm folded into the
     * convolution before it, applied to its output rows.
     */
    void scaleShift(float[] x, int xOff, float[] scale, float[] shift, float[] z, int zOff, int n, boolean relu);

    /**
     * {@code y[yOff + j] += x[xOff + p * c + j]} for each of {@code pixels} consecutive pixels
     * {@code p} in turn, for each channel {@code j < c}: one image row's share of an average
     * pooling window, added in pixel order (as a pixel-by-pixel {@link #add} would, with the sums
     * held in registers between pixels).
     */
    void sumPixels(float[] x, int xOff, int pixels, int c, float[] y, int yOff);

    /** A short name for logs: {@code vector-256} or {@code scalar}. */
    String name();

    /** The plain loops: the reference, and the fallback without the Vector API. */
    final class Scalar implements ElementKernels {
        @Override
        public void sumPixels(float[] x, int xOff, int pixels, int c, float[] y, int yOff) {
            for (int p = 0; p < pixels; p++) {
                for (int j = 0; j < c; j++) y[yOff + j] += x[xOff + p * c + j];
            }
        }

        @Override
        public void reluBackward(float[] x, float[] dy, float[] dx, int from, int to) {
            for (int i = from; i < to; i++) dx[i] = x[i] > 0 ? dy[i] : 0f;
        }

        @Override
        public void routeToFirstMax(float[] x, float[] y, float[] dy, float[] dx, int out, int[] pixels, int count, int c) {
            for (int j = 0; j < c; j++) routeChannel(x, y[out + j], dy[out + j], dx, pixels, count, j);
        }

        @Override
        public void maxOverWindow(float[] x, float[] y, int out, int[] pixels, int count, int c) {
            java.util.Arrays.fill(y, out, out + c, Float.NEGATIVE_INFINITY);
            for (int q = 0; q < count; q++) {
                int in = pixels[q];
                for (int j = 0; j < c; j++) y[out + j] = Math.max(y[out + j], x[in + j]);
            }
        }

        @Override
        public void add(float[] x, int xOff, float[] y, int yOff, float[] z, int zOff, int n) {
            for (int i = 0; i < n; i++) z[zOff + i] = x[xOff + i] + y[yOff + i];
        }

        @Override
        public void addRelu(float[] x, int xOff, float[] y, int yOff, float[] z, int zOff, int n) {
            for (int i = 0; i < n; i++) z[zOff + i] = Math.max(x[xOff + i] + y[yOff + i], 0f);
        }

        @Override
        public void scaleShift(float[] x, int xOff, float[] scale, float[] shift, float[] z, int zOff, int n, boolean relu) {
            if (relu) {
                for (int i = 0; i < n; i++) z[zOff + i] = Math.max(Math.fma(x[xOff + i], scale[i], shift[i]), 0f);
            } else {
                for (int i = 0; i < n; i++) z[zOff + i] = Math.fma(x[xOff + i], scale[i], shift[i]);
            }
        }

        static void routeChannel(float[] x, float max, float grad, float[] dx, int[] pixels, int count, int j) {
            for (int q = 0; q < count; q++) {
                int in = pixels[q] + j;
                if (x[in] == max) {
                    dx[in] += grad;
                    return;
                }
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    }
}
