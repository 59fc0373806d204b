package dev.myelin.tensor;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;

/**
 * Gradients of dilated, grouped and depthwise convolutions and of the transposed convolution
 * against finite differences ({@link GradientCheck}), at odd sizes, strides, both paddings, and
 * even sizes with stride 2 (where "same" pads one pixel more at the end).
 */
class GroupedAndTransposedConvolutionGradientTest {
    private final Backend be = new CpuBackend();

    private static final Conv2dGeometry[] GEOMETRIES = {
            Conv2dGeometry.of(2, 7, 6, 2, 3, 3, 3, 1, 1, Padding.VALID, 2, 2, 1),   // dilated
            Conv2dGeometry.of(2, 5, 5, 1, 2, 2, 3, 1, 1, Padding.SAME, 2, 1, 1),    // dilated, same, odd size
            Conv2dGeometry.of(1, 5, 4, 4, 2, 3, 3, 2, 1, Padding.SAME, 1, 1, 2),    // 2 groups, strided
            Conv2dGeometry.of(2, 6, 6, 3, 6, 3, 3, 2, 2, Padding.SAME, 1, 1, 3),    // depthwise x2, even size stride 2
            Conv2dGeometry.of(1, 7, 5, 2, 2, 3, 3, 1, 1, Padding.VALID, 1, 2, 2)};  // depthwise, dilated

    private void check(String what, java.util.function.Function<Tensor[], Tensor> f, Shape a, Shape b) {
        GradientCheck.check(be, what, f, new Shape[] {a, b},
                new float[][] {GradientCheck.random(a, 1), GradientCheck.random(b, 2)}, new boolean[] {true, true});
    }

    @Test
    void convolution() {
        for (Conv2dGeometry g : GEOMETRIES) {
            check("conv2d " + g, in -> Ops.conv2d(in[0], in[1], g), Shape.of(g.batch(), g.inH(), g.inW(), g.inC()),
                    Shape.of(g.outC(), g.kernelH(), g.kernelW(), g.filterChannels()));
        }
    }

    @Test
    void transposedConvolution() {
        Conv2dGeometry[] transposes = {
                Conv2dGeometry.of(2, 6, 6, 2, 3, 3, 3, 2, 2, Padding.SAME),    // 3x3 -> 6x6, the odd padding pixel at the end
                Conv2dGeometry.of(1, 7, 5, 1, 2, 3, 2, 2, 1, Padding.VALID),
                GEOMETRIES[0]};
        for (Conv2dGeometry g : transposes) {
            check("conv2dTranspose " + g, in -> Ops.conv2dTranspose(in[0], in[1], g), Shape.of(g.batch(), g.outH(), g.outW(), g.outC()),
                    Shape.of(g.outC(), g.kernelH(), g.kernelW(), g.filterChannels()));
        }
    }
}
