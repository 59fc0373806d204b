package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.myelin.cpu.Reference.random;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Winograd F(4x4, 3x3) forward of inference ({@code conv2dScaleShiftActivation}) against the
 * convolution written from its definition in double ({@link ConvolutionTerms}), then scale, shift
 * and relu in double; which geometries take it; and that a changed filter is transformed again.
 *
 * <p>Tolerance: {@code 2e-5} of the sum of the products' magnitudes at that output (an error
 * bound's natural scale, rather than the output, which cancels). The transforms scale an input
 * tile by up to 100 (B's rows sum to at most 10 in magnitude) and the products by up to 361 (A's
 * to 19) before cancelling back, so float32 rounding (6e-8 a step) reaches a few 1e-6 of that
 * scale; the direct convolution's stays near 1e-7 of it.
 */
class CpuWinogradConvolutionTest {
    private static final double TOLERANCE = 2e-5;
    private final CpuBackend be = new CpuBackend();

    private static void assumeWinograd() {
        Assumptions.assumeTrue(CpuWinogradConvolution.runs(Conv2dGeometry.of(1, 8, 8, 16, 16, 3, 3, 1, 1, Padding.SAME)),
                "no 512-bit Vector API here: the Winograd forward does not run");
    }

    /** Images that tiles cover exactly and not, valid and same, channels below a vector, several tasks. */
    static List<Conv2dGeometry> geometries() {
        return List.of(
                Conv2dGeometry.of(2, 32, 32, 16, 16, 3, 3, 1, 1, Padding.SAME),   // the residual net's block
                Conv2dGeometry.of(3, 9, 11, 16, 16, 3, 3, 1, 1, Padding.SAME),    // part tiles at the bottom and right
                Conv2dGeometry.of(2, 10, 7, 16, 16, 3, 3, 1, 1, Padding.VALID),   // no padding, 8 x 5 outputs
                Conv2dGeometry.of(2, 12, 12, 13, 9, 3, 3, 1, 1, Padding.SAME),    // masked input and output vectors
                new Conv2dGeometry(2, 9, 8, 12, 16, 3, 3, 1, 1, 2, 0, 1, 2, 1, 1, 1), // explicit asymmetric padding
                Conv2dGeometry.of(20, 40, 24, 16, 16, 3, 3, 1, 1, Padding.SAME)); // several bands, parallel tasks
    }

    @Test
    void matchesTheDefinition() {
        assumeWinograd();
        for (Conv2dGeometry g : geometries()) {
            assertTrue(CpuWinogradConvolution.runs(g), "takes " + g);
            for (ActivationKind kind : new ActivationKind[] {ActivationKind.RELU, ActivationKind.LINEAR}) {
                float[] w = random(g.outC() * 9 * g.inC(), 2);
                check(g, random(g.batch() * g.inH() * g.inW() * g.inC(), 1), w, kind);
            }
        }
    }

    @Test
    void transformsAChangedFilterAgain() {
        assumeWinograd();
        Conv2dGeometry g = Conv2dGeometry.of(2, 8, 8, 16, 16, 3, 3, 1, 1, Padding.SAME);
        try (Scope s = Scope.open()) {
            float[] x = random(g.batch() * g.inH() * g.inW() * g.inC(), 1), first = random(g.outC() * 9 * g.inC(), 2);
            float[] second = random(first.length, 3);
            Tensor w = be.fromArray(Shape.of(g.outC(), 3, 3, g.inC()), first, 0);
            Tensor xs = be.fromArray(Shape.of(g.batch(), g.inH(), g.inW(), g.inC()), x, 0);
            for (int call = 0; call < 2; call++) compare(g, x, first, ActivationKind.LINEAR, run(g, xs, w, ActivationKind.LINEAR));
            be.copyInto(be.fromArray(Shape.of(g.outC(), 3, 3, g.inC()), second, 0), w);
            compare(g, x, second, ActivationKind.LINEAR, run(g, xs, w, ActivationKind.LINEAR));
        }
    }

    @Test
    void takesOnlyStrideOne3x3WithAVectorOfChannels() {
        assumeWinograd();
        assertFalse(CpuWinogradConvolution.runs(Conv2dGeometry.of(1, 32, 32, 3, 16, 3, 3, 1, 1, Padding.SAME)), "3 input channels");
        assertFalse(CpuWinogradConvolution.runs(Conv2dGeometry.of(1, 32, 32, 16, 32, 3, 3, 1, 1, Padding.SAME)), "32 outputs");
        assertFalse(CpuWinogradConvolution.runs(Conv2dGeometry.of(1, 32, 32, 16, 16, 3, 3, 2, 2, Padding.SAME)), "stride 2");
        assertFalse(CpuWinogradConvolution.runs(Conv2dGeometry.of(1, 32, 32, 16, 16, 5, 5, 1, 1, Padding.SAME)), "5x5");
        assertFalse(CpuWinogradConvolution.runs(Conv2dGeometry.of(1, 32, 32, 16, 16, 3, 3, 1, 1, Padding.SAME, 2, 2, 1)), "dilated");
        assertFalse(CpuWinogradConvolution.runs(Conv2dGeometry.of(1, 32, 32, 16, 16, 3, 3, 1, 1, Padding.SAME, 1, 1, 2)), "grouped");
    }

    private void check(Conv2dGeometry g, float[] x, float[] w, ActivationKind kind) {
        try (Scope s = Scope.open()) {
            Tensor xs = be.fromArray(Shape.of(g.batch(), g.inH(), g.inW(), g.inC()), x, 0);
            compare(g, x, w, kind, run(g, xs, be.fromArray(Shape.of(g.outC(), 3, 3, g.inC()), w, 0), kind));
        }
    }

    private float[] run(Conv2dGeometry g, Tensor x, Tensor w, ActivationKind kind) {
        int o = g.outC();
        return be.conv2dScaleShiftActivation(x, w, g, be.fromArray(Shape.of(o), random(o, 4), 0),
                be.fromArray(Shape.of(o), random(o, 5), 0), kind, 0f).toArray();
    }

    private static void compare(Conv2dGeometry g, float[] x, float[] w, ActivationKind kind, float[] actual) {
        int o = g.outC(), size = g.batch() * g.outH() * g.outW() * o;
        double[] sum = new double[size], magnitude = new double[size];
        ConvolutionTerms.forEach(g, (out, f, i) -> {
            sum[out] += (double) x[i] * w[f];
            magnitude[out] += Math.abs((double) x[i] * w[f]);
        });
        float[] scale = random(o, 4), shift = random(o, 5);
        if (actual.length != size) fail("expected " + size + " outputs, got " + actual.length);
        double worst = 0;
        for (int k = 0; k < size; k++) {
            double v = sum[k] * scale[k % o] + shift[k % o], expected = kind == ActivationKind.RELU ? Math.max(v, 0) : v;
            double allowed = TOLERANCE * magnitude[k] * Math.abs(scale[k % o]) + 1e-6 * Math.abs(shift[k % o]);
            double error = Math.abs(expected - actual[k]);
            worst = Math.max(worst, error / (magnitude[k] * Math.abs(scale[k % o]) + 1e-30));
            if (!(error <= allowed)) {
                fail("winograd " + g + " " + kind + ": element " + k + ": expected " + expected + ", got " + actual[k]
                        + " (tolerance " + allowed + ")");
            }
        }
        System.out.printf("winograd %s %s: worst error %.2e of the products' magnitude%n", g, kind, worst);
    }
}
