package dev.myelin.cpu;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.cpu.kernel.NarrowConvolution;
import dev.myelin.cpu.kernel.Vectorization;

import java.util.Arrays;
import java.util.List;

import static dev.myelin.cpu.Reference.assertClose;
import static dev.myelin.cpu.Reference.random;

/**
 * Checks a {@link NarrowConvolution} through {@link CpuNarrowConvolution}'s forward, input
 * gradient and filter gradient against loops written from the definition (cross-correlation with
 * zero padding, in double), and forward's epilogues against the plain forward's. {@link #main} runs the checks on the kernel its JVM chose, so that a
 * test can run them at another vector width in a second JVM.
 *
 * <p>Tolerance 1e-4 relative, as CpuConvolutionTest's: an output sums at most a few hundred
 * products of values in [-1, 1], whose float32 rounding stays near 1e-5; a filter gradient sums
 * up to batch * outH * outW of them, so its tolerance grows with their square root.
 */
final class NarrowConvolutionCheck {
    private static final double TOLERANCE = 1e-4;

    private NarrowConvolutionCheck() {}

    /** Odd sizes, strides, dilation, padding same, valid and explicit, channel counts that are not multiples of a vector. */
    static List<Conv2dGeometry> geometries() {
        return List.of(
                Conv2dGeometry.of(2, 9, 11, 5, 16, 3, 3, 1, 1, Padding.SAME),
                Conv2dGeometry.of(2, 8, 13, 3, 12, 3, 3, 1, 1, Padding.SAME),           // an RGB stem, 12 outputs: a masked vector
                Conv2dGeometry.of(3, 7, 10, 16, 16, 3, 3, 1, 1, Padding.SAME),          // the residual net's block, small
                Conv2dGeometry.of(2, 12, 12, 13, 9, 5, 5, 1, 1, Padding.VALID),          // 9 outputs: a masked vector
                Conv2dGeometry.of(2, 11, 9, 7, 24, 3, 3, 2, 2, Padding.SAME),            // strided; 24 = 16 + 8
                new Conv2dGeometry(2, 9, 8, 6, 12, 3, 2, 2, 1, 2, 0, 1, 1),              // explicit asymmetric padding
                Conv2dGeometry.of(2, 10, 9, 4, 17, 3, 3, 1, 1, Padding.SAME, 2, 2, 1),  // dilated, same; 17 = 16 + 1
                Conv2dGeometry.of(2, 13, 12, 3, 10, 3, 3, 2, 3, Padding.VALID, 2, 1, 1), // dilated and strided
                Conv2dGeometry.of(1, 5, 5, 3, 8, 7, 7, 1, 1, Padding.SAME),             // window larger than the image
                Conv2dGeometry.of(2, 6, 7, 8, 32, 2, 2, 1, 1, Padding.SAME),            // even kernel: pads 0 top, 1 bottom
                Conv2dGeometry.of(20, 16, 16, 16, 16, 3, 3, 1, 1, Padding.SAME));       // parallel tasks and several chunks
    }

    private static int size(Conv2dGeometry g, char what) {
        return switch (what) {
            case 'x' -> g.batch() * g.inH() * g.inW() * g.inC();
            case 'y' -> g.batch() * g.outH() * g.outW() * g.outC();
            default -> g.outC() * g.kernelH() * g.kernelW() * g.inC();
        };
    }

    /** Forward, for output channels the kernel holds. */
    static void checkForward(NarrowConvolution kernel, Conv2dGeometry g) {
        float[] x = random(size(g, 'x'), 1), w = random(size(g, 'w'), 2);
        double[] expected = new double[size(g, 'y')];
        ConvolutionTerms.forEach(g, (o, f, i) -> expected[o] += (double) x[i] * w[f]);
        float[] y = new float[expected.length];
        Arrays.fill(y, Float.NaN); // every output must be written
        CpuNarrowConvolution.forward(kernel, x, w, y, g, new BufferPool(1 << 20));
        assertClose("narrow conv2d (" + kernel.name() + ") " + g, expected, y, TOLERANCE);
    }

    /**
     * Forward with each epilogue (relu or none, a residual or none) against the plain forward with
     * {@code fma(y, scale, shift)}, the residual and the relu written out here: the same bits.
     */
    static void checkForwardEpilogues(NarrowConvolution kernel, Conv2dGeometry g) {
        float[] x = random(size(g, 'x'), 1), w = random(size(g, 'w'), 2), residual = random(size(g, 'y'), 7);
        float[] scale = random(g.outC(), 8), shift = random(g.outC(), 9), plain = new float[size(g, 'y')];
        CpuNarrowConvolution.forward(kernel, x, w, plain, g, new BufferPool(1 << 20));
        for (boolean relu : new boolean[] {false, true}) {
            for (float[] added : new float[][] {null, residual}) {
                float[] expected = new float[plain.length], y = new float[plain.length];
                for (int i = 0; i < plain.length; i++) {
                    float v = Math.fma(plain[i], scale[i % g.outC()], shift[i % g.outC()]);
                    if (added != null) v += added[i];
                    expected[i] = relu ? Math.max(v, 0f) : v;
                }
                Arrays.fill(y, Float.NaN);
                CpuNarrowConvolution.forward(kernel, x, w, y, g, new BufferPool(1 << 20), new ChannelEpilogue(scale, shift, g.outC(), added, relu));
                if (!Arrays.equals(expected, y)) {
                    throw new AssertionError("narrow conv2d (" + kernel.name() + ") " + g + ", relu " + relu + ", residual " + (added != null)
                            + ": not the plain forward's bits with the epilogue written out");
                }
            }
        }
    }

    /** The input gradient, for input channels the kernel holds and stride 1. */
    static void checkBackwardData(NarrowConvolution kernel, Conv2dGeometry g) {
        float[] dy = random(size(g, 'y'), 3), w = random(size(g, 'w'), 4);
        double[] expected = new double[size(g, 'x')];
        ConvolutionTerms.forEach(g, (o, f, i) -> expected[i] += (double) dy[o] * w[f]);
        float[] dx = new float[expected.length];
        Arrays.fill(dx, Float.NaN);
        CpuNarrowConvolution.backwardData(kernel, dy, w, dx, g, new BufferPool(1 << 20));
        assertClose("narrow conv2d backward data (" + kernel.name() + ") " + g, expected, dx, TOLERANCE);
    }

    /** The filter gradient, for output channels the kernel holds. */
    static void checkBackwardFilter(NarrowConvolution kernel, Conv2dGeometry g) {
        float[] x = random(size(g, 'x'), 5), dy = random(size(g, 'y'), 6);
        double[] expected = new double[size(g, 'w')];
        ConvolutionTerms.forEach(g, (o, f, i) -> expected[f] += (double) dy[o] * x[i]);
        float[] dw = new float[expected.length];
        Arrays.fill(dw, Float.NaN);
        double tolerance = TOLERANCE * Math.max(1, Math.sqrt((double) g.batch() * g.outH() * g.outW()) / 10);
        CpuNarrowConvolution.backwardFilter(kernel, x, dy, dw, g, new BufferPool(1 << 20));
        assertClose("narrow conv2d backward filter (" + kernel.name() + ") " + g, expected, dw, tolerance);
    }

    /** Every check that applies to {@code kernel} on every geometry; returns how many ran. */
    static int checkAll(NarrowConvolution kernel) {
        int ran = 0;
        for (Conv2dGeometry g : geometries()) {
            if (g.outC() <= kernel.maxChannels()) {
                checkForward(kernel, g);
                checkForwardEpilogues(kernel, g);
                checkBackwardFilter(kernel, g);
                ran += 3;
            }
            // The input gradient runs as a forward convolution: stride 1, padding within the window's span.
            boolean transposable = g.strideH() == 1 && g.strideW() == 1 && Math.max(g.padTop(), g.padBottom()) < g.spanH()
                    && Math.max(g.padLeft(), g.padRight()) < g.spanW();
            if (g.inC() <= kernel.maxChannels() && transposable) {
                checkBackwardData(kernel, g);
                ran++;
            }
        }
        return ran;
    }

    /** Runs {@link #checkAll} on the kernel this JVM chose and prints its name and the count. */
    public static void main(String[] args) {
        NarrowConvolution kernel = Vectorization.narrowConvolution();
        System.out.println(kernel.name() + " " + checkAll(kernel));
    }
}
