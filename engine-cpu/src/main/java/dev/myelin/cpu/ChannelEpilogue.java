package dev.myelin.cpu;

import dev.myelin.cpu.kernel.ElementKernels;
import dev.myelin.cpu.kernel.Vectorization;

/**
 * {@code y = max(y * scale + shift + residual, 0)} (or without the residual, or the max) per output
 * channel, applied by a convolution to each part of its output (a row, a chunk of images) right
 * after making it, while that part is still in cache: a batch norm folded into the convolution, a
 * residual block's Add and the relu after them, without more passes over the output. Scale and
 * shift are repeated over {@link #ROWS} pixels so that the kernel runs long flat loops whatever
 * the channel count.
 */
final class ChannelEpilogue {
    private static final ElementKernels KERNELS = Vectorization.elementKernels();
    private static final int ROWS = 8;
    private final float[] scale, shift, residual;
    private final boolean relu;

    /** {@code residual} (null: none) has the output's layout. */
    ChannelEpilogue(float[] scale, float[] shift, int channels, float[] residual, boolean relu) {
        this.scale = new float[ROWS * channels];
        this.shift = new float[ROWS * channels];
        for (int r = 0; r < ROWS; r++) {
            System.arraycopy(scale, 0, this.scale, r * channels, channels);
            System.arraycopy(shift, 0, this.shift, r * channels, channels);
        }
        this.residual = residual;
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

    /** The residual to add after the shift (null: none), in the output's layout. */
    float[] residual() {
        return residual;
    }

    /** Whether a relu comes last. */
    boolean relu() {
        return relu;
    }

    /** Whether the relu comes right after the shift: there is one and no residual between. */
    private boolean reluAfterShift() {
        return relu && residual == null;
    }

    /** Applies to {@code y[from, to)}, whole pixels. */
    void apply(float[] y, int from, int to) {
        for (int o = from; o < to; o += scale.length) {
            KERNELS.scaleShift(y, o, scale, shift, y, o, Math.min(scale.length, to - o), reluAfterShift());
        }
        addResidual(y, from, to);
    }

    /** The residual's part of {@link #apply}: adds it, then the relu. */
    private void addResidual(float[] y, int from, int to) {
        if (residual == null) return;
        if (relu) KERNELS.addRelu(y, from, residual, from, y, from, to - from);
        else KERNELS.add(y, from, residual, from, y, from, to - from);
    }
}
