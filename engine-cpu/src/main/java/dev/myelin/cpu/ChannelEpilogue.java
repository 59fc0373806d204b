package dev.myelin.cpu;

import dev.myelin.cpu.kernel.ElementKernels;
import dev.myelin.cpu.kernel.Vectorization;

/**
 * {@code y = max(y * scale + shift, 0)} (or without the max) per output channel, applied by a
 * convolution to each part of its output (a row, a chunk of images) right after making it, while
 * that part is still in cache: a batch norm folded into the convolution, and the relu after it,
 * without two more passes over the output. Scale and shift are repeated over {@link #ROWS} pixels
 * so that the kernel runs long flat loops whatever the channel count.
 */
final class ChannelEpilogue {
    private static final ElementKernels KERNELS = Vectorization.elementKernels();
    private static final int ROWS = 8;
    private final float[] scale, shift;
    private final boolean relu;

    ChannelEpilogue(float[] scale, float[] shift, int channels, boolean relu) {
        this.scale = new float[ROWS * channels];
        this.shift = new float[ROWS * channels];
        for (int r = 0; r < ROWS; r++) {
            System.arraycopy(scale, 0, this.scale, r * channels, channels);
            System.arraycopy(shift, 0, this.shift, r * channels, channels);
        }
        this.relu = relu;
    }

    /** The scale of each channel (repeated after the channels). */
    float[] scale() {
        return scale;
    }

    /** The shift of each channel (repeated after the channels). */
    float[] shift() {
        return shift;
    }

    /** Whether a relu follows. */
    boolean relu() {
        return relu;
    }

    /** Applies to {@code y[from, to)}, whole pixels. */
    void apply(float[] y, int from, int to) {
        for (int o = from; o < to; o += scale.length) KERNELS.scaleShift(y, o, scale, shift, y, o, Math.min(scale.length, to - o), relu);
    }
}
