package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.myelin.cpu.Reference.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * {@code conv2dScaleShiftActivation} on the CPU (scale, shift and relu applied to each row or chunk
 * of images as the convolution makes it) against {@code conv2d}'s output with
 * {@code max(fma(y, scale, shift), 0)} written out here: the same bits, on every forward path but
 * the Winograd one (CpuWinogradConvolutionTest); and {@code conv2dScaleShiftAddActivation}, which
 * adds a residual before the relu, on every path.
 */
class ConvScaleShiftTest {
    private final CpuBackend be = new CpuBackend();

    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of("narrow: 16 channels, 5x5 same (3x3 takes Winograd)", Conv2dGeometry.of(3, 9, 11, 16, 16, 5, 5, 1, 1, Padding.SAME)),
                Arguments.of("direct: LeNet's first layer", Conv2dGeometry.of(2, 12, 12, 1, 20, 5, 5, 1, 1, Padding.VALID)),
                Arguments.of("patches: LeNet's second layer", Conv2dGeometry.of(3, 8, 8, 20, 50, 5, 5, 1, 1, Padding.VALID)),
                Arguments.of("pointwise", Conv2dGeometry.of(2, 5, 5, 6, 7, 1, 1, 1, 1, Padding.VALID)),
                Arguments.of("grouped", Conv2dGeometry.of(2, 6, 6, 4, 6, 3, 3, 1, 1, Padding.SAME, 1, 1, 2)),
                Arguments.of("depthwise", Conv2dGeometry.of(2, 6, 6, 4, 4, 3, 3, 1, 1, Padding.SAME, 1, 1, 4)));
    }

    /** Every path of the residual's add, the Winograd one (the residual net's block) included. */
    static Stream<Arguments> residualGeometries() {
        return Stream.concat(geometries(), Stream.of(
                Arguments.of("winograd: the residual net's 16 to 16 3x3", Conv2dGeometry.of(2, 32, 32, 16, 16, 3, 3, 1, 1, Padding.SAME)),
                Arguments.of("winograd: part tiles, several bands", Conv2dGeometry.of(3, 30, 9, 16, 16, 3, 3, 1, 1, Padding.SAME))));
    }

    /**
     * {@code conv2dScaleShiftAddActivation} against {@code conv2dScaleShiftActivation}'s output
     * without an activation, plus the residual, then relu, written out here: the same bits.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("residualGeometries")
    void addsTheResidualBeforeTheRelu(String name, Conv2dGeometry g) {
        for (ActivationKind kind : new ActivationKind[] {ActivationKind.RELU, ActivationKind.LINEAR}) {
            try (Scope s = Scope.open()) {
                int o = g.outC();
                Shape outShape = Shape.of(g.batch(), g.outH(), g.outW(), o);
                Tensor x = input(g), w = filter(g);
                Tensor scale = be.fromArray(Shape.of(o), random(o, 3), 0), shift = be.fromArray(Shape.of(o), random(o, 4), 0);
                float[] residual = random((int) outShape.size(), 5);
                float[] y = be.conv2dScaleShiftActivation(x, w, g, scale, shift, ActivationKind.LINEAR, 0f).toArray();
                float[] expected = new float[y.length];
                for (int i = 0; i < y.length; i++) {
                    float v = y[i] + residual[i];
                    expected[i] = kind == ActivationKind.RELU ? Math.max(v, 0f) : v;
                }
                Tensor actual = be.conv2dScaleShiftAddActivation(x, w, g, scale, shift, be.fromArray(outShape, residual, 0), kind, 0f);
                assertArrayEquals(expected, actual.toArray(), name + " " + kind);
            }
        }
    }

    private Tensor input(Conv2dGeometry g) {
        return be.fromArray(Shape.of(g.batch(), g.inH(), g.inW(), g.inC()), random(g.batch() * g.inH() * g.inW() * g.inC(), 1), 0);
    }

    private Tensor filter(Conv2dGeometry g) {
        int taps = g.kernelH() * g.kernelW() * (g.inC() / g.groups());
        return be.fromArray(Shape.of(g.outC(), g.kernelH(), g.kernelW(), g.inC() / g.groups()), random(g.outC() * taps, 2), 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void appliesScaleShiftAndReluToTheConvolution(String name, Conv2dGeometry g) {
        for (ActivationKind kind : new ActivationKind[] {ActivationKind.RELU, ActivationKind.LINEAR}) {
            try (Scope s = Scope.open()) {
                int o = g.outC();
                Tensor x = input(g), w = filter(g);
                float[] scale = random(o, 3), shift = random(o, 4);
                float[] y = be.conv2d(x, w, g).toArray(), expected = new float[y.length];
                for (int i = 0; i < y.length; i++) {
                    float v = Math.fma(y[i], scale[i % o], shift[i % o]);
                    expected[i] = kind == ActivationKind.RELU ? Math.max(v, 0f) : v;
                }
                Tensor actual = be.conv2dScaleShiftActivation(x, w, g, be.fromArray(Shape.of(o), scale, 0), be.fromArray(Shape.of(o), shift, 0),
                        kind, 0f);
                assertArrayEquals(expected, actual.toArray(), name + " " + kind);
            }
        }
    }
}
