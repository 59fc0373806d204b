package dev.myelin.cpu;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.cpu.kernel.DirectConvolution;
import dev.myelin.cpu.kernel.Vectorization;
import dev.myelin.cpu.kernel.WindowProduct;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.myelin.cpu.Reference.assertClose;
import static dev.myelin.cpu.Reference.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convolution forward, backward-data and backward-filter against direct loops written from the
 * definition (cross-correlation with zero padding). Tolerance 1e-4 relative: each output sums at
 * most a few hundred products of values in [-1, 1], whose float32 rounding stays near 1e-5.
 */
class CpuConvolutionTest {
    private static final double TOLERANCE = 1e-4;
    private final CpuBackend be = new CpuBackend();

    static Stream<Conv2dGeometry> geometries() {
        return Stream.of(
                Conv2dGeometry.of(1, 1, 1, 1, 1, 1, 1, 1, 1, Padding.VALID),
                Conv2dGeometry.of(3, 13, 13, 3, 7, 1, 1, 1, 1, Padding.VALID),   // pointwise: no im2col
                Conv2dGeometry.of(3, 7, 7, 3, 2, 1, 1, 2, 2, Padding.VALID),     // 1x1 strided: im2col
                Conv2dGeometry.of(3, 7, 7, 3, 2, 3, 3, 1, 1, Padding.SAME),
                Conv2dGeometry.of(1, 13, 13, 1, 3, 5, 5, 2, 2, Padding.SAME),
                Conv2dGeometry.of(3, 13, 7, 3, 4, 5, 5, 1, 1, Padding.VALID),
                Conv2dGeometry.of(3, 7, 6, 3, 4, 2, 2, 1, 1, Padding.SAME),      // even kernel: pads 0 top, 1 bottom
                Conv2dGeometry.of(2, 7, 7, 3, 5, 4, 4, 2, 2, Padding.SAME),      // pads 1 and 2
                new Conv2dGeometry(3, 7, 5, 3, 2, 3, 3, 2, 1, 2, 0, 1, 3),      // explicit asymmetric padding
                Conv2dGeometry.of(1, 7, 7, 3, 2, 7, 7, 1, 1, Padding.SAME),      // kernel as large as the image
                Conv2dGeometry.of(9, 32, 32, 8, 4, 3, 3, 1, 1, Padding.SAME),    // several batch chunks
                // Forward runs direct (short window rows, at least 8 output channels):
                Conv2dGeometry.of(2, 28, 28, 1, 20, 5, 5, 1, 1, Padding.VALID),  // LeNet's first layer: runs of 24 pixels
                Conv2dGeometry.of(2, 13, 11, 3, 13, 3, 3, 2, 1, Padding.SAME),   // 3 channels, padded edges, 13 = 8 + 5 channels
                new Conv2dGeometry(2, 9, 10, 1, 50, 5, 3, 1, 2, 2, 1, 0, 3),    // 50 channels: 3 groups, the last moved back
                Conv2dGeometry.of(1, 5, 5, 1, 8, 7, 7, 1, 1, Padding.SAME),      // window larger than the image: all edges
                // Forward reads its windows in place (WindowProduct; where the CPU prefers 512-bit vectors):
                Conv2dGeometry.of(2, 12, 12, 20, 50, 5, 5, 1, 1, Padding.VALID), // LeNet's second layer: 3 panels + 2 columns
                Conv2dGeometry.of(2, 13, 14, 8, 40, 3, 3, 1, 1, Padding.VALID),  // rows of 12: a tile moved back; 2 panels + 8
                Conv2dGeometry.of(1, 11, 21, 6, 64, 3, 4, 2, 2, Padding.VALID),  // strided, rows of 9; a triple and a single panel
                Conv2dGeometry.of(2, 9, 12, 17, 33, 2, 3, 1, 1, Padding.VALID),  // runs of 51 (a masked tail); 1 odd column
                // Dilated and grouped (CpuGroupedConvolution):
                Conv2dGeometry.of(2, 9, 8, 3, 4, 3, 3, 1, 1, Padding.VALID, 2, 2, 1),   // dilation 2: spans 5x5
                Conv2dGeometry.of(2, 9, 8, 3, 4, 3, 2, 2, 1, Padding.SAME, 2, 3, 1),    // dilation 2x3, strided, same
                Conv2dGeometry.of(3, 7, 6, 6, 4, 3, 3, 1, 1, Padding.SAME, 1, 1, 2),    // 2 groups of 3 input, 2 output channels
                Conv2dGeometry.of(2, 8, 8, 4, 8, 3, 3, 2, 2, Padding.SAME, 1, 1, 4),    // depthwise, multiplier 2, even size stride 2
                Conv2dGeometry.of(2, 7, 7, 5, 5, 3, 3, 1, 1, Padding.VALID, 2, 1, 5),   // depthwise, dilated
                Conv2dGeometry.of(20, 16, 16, 4, 4, 3, 3, 1, 1, Padding.SAME, 1, 1, 4)); // several batch chunks
    }

    private static Shape xShape(Conv2dGeometry g) { return Shape.of(g.batch(), g.inH(), g.inW(), g.inC()); }

    private static Shape wShape(Conv2dGeometry g) { return Shape.of(g.outC(), g.kernelH(), g.kernelW(), g.filterChannels()); }

    private static Shape yShape(Conv2dGeometry g) { return Shape.of(g.batch(), g.outH(), g.outW(), g.outC()); }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardMatchesDirectConvolution(Conv2dGeometry g) {
        float[] x = random(xShape(g).sizeAsInt(), 1), w = random(wShape(g).sizeAsInt(), 2);
        double[] expected = new double[yShape(g).sizeAsInt()];
        ConvolutionTerms.forEach(g, (o, f, i) -> expected[o] += (double) x[i] * w[f]);
        try (Scope s = Scope.open()) {
            Tensor y = be.conv2d(be.fromArray(xShape(g), x, 0), be.fromArray(wShape(g), w, 0), g);
            assertTrue(y.shape().equals(yShape(g)), "output shape " + y.shape());
            assertClose("conv2d " + g, expected, y.toArray(), TOLERANCE);
        }
    }

    static Stream<Arguments> directGeometriesOnBothKernels() {
        return geometries().filter(CpuConvolution::runsDirect).flatMap(g -> Stream.of(Arguments.of(g, "scalar"), Arguments.of(g, "vector")));
    }

    private static DirectConvolution directKernel(String name) {
        if (name.equals("scalar")) return new DirectConvolution.Scalar();
        DirectConvolution vector = Vectorization.vectorOrNull(DirectConvolution.class);
        Assumptions.assumeTrue(vector != null, "Vector API not usable in this JVM; the vector direct convolution is not tested here");
        return vector;
    }

    /** Each kernel, not only the one this machine chose, through the direct forward. */
    @ParameterizedTest
    @MethodSource("directGeometriesOnBothKernels")
    void directForwardMatchesTheDefinition(Conv2dGeometry g, String kernelName) {
        DirectConvolution kernel = directKernel(kernelName);
        float[] x = random(xShape(g).sizeAsInt(), 1), w = random(wShape(g).sizeAsInt(), 2);
        double[] expected = new double[yShape(g).sizeAsInt()];
        ConvolutionTerms.forEach(g, (o, f, i) -> expected[o] += (double) x[i] * w[f]);
        float[] y = new float[expected.length];
        java.util.Arrays.fill(y, Float.NaN); // every output must be written
        CpuConvolution.forwardDirect(kernel, x, w, y, g, new BufferPool(1 << 20));
        assertClose("direct conv2d (" + kernelName + ") " + g, expected, y, TOLERANCE);
    }

    /** The vector kernel sums the same products in the same order as the patch product, with the same fused multiply-adds. */
    @Test
    void directForwardGivesThePatchProductsBits() {
        DirectConvolution vector = directKernel("vector");
        Conv2dGeometry g = Conv2dGeometry.of(2, 28, 28, 1, 20, 5, 5, 1, 1, Padding.VALID);
        float[] x = random(xShape(g).sizeAsInt(), 1), w = random(wShape(g).sizeAsInt(), 2);
        float[] direct = new float[yShape(g).sizeAsInt()], patches = new float[direct.length];
        CpuConvolution.forwardDirect(vector, x, w, direct, g, new BufferPool(1 << 20));
        CpuConvolution.forwardPatches(x, w, patches, g, new BufferPool(1 << 20));
        assertArrayEquals(patches, direct);
    }

    static Stream<Arguments> windowGeometriesOnBothKernels() {
        return geometries().filter(CpuConvolution::runsWindows).flatMap(g -> Stream.of(Arguments.of(g, "scalar"), Arguments.of(g, "vector")));
    }

    private static WindowProduct windowProduct(String name) {
        if (name.equals("scalar")) return WindowProduct.scalar();
        WindowProduct vector = WindowProduct.vector512OrNull();
        Assumptions.assumeTrue(vector != null, "Vector API not usable in this JVM; the vector window product is not tested here");
        return vector;
    }

    /** Each kernel of the patch-free product (the 512-bit one in plain Java where the CPU lacks it) against the definition. */
    @ParameterizedTest
    @MethodSource("windowGeometriesOnBothKernels")
    void windowForwardMatchesTheDefinition(Conv2dGeometry g, String kernelName) {
        float[] x = random(xShape(g).sizeAsInt(), 1), w = random(wShape(g).sizeAsInt(), 2);
        double[] expected = new double[yShape(g).sizeAsInt()];
        ConvolutionTerms.forEach(g, (o, f, i) -> expected[o] += (double) x[i] * w[f]);
        float[] y = new float[expected.length];
        java.util.Arrays.fill(y, Float.NaN); // every output must be written
        CpuConvolution.forwardWindows(windowProduct(kernelName), x, w, y, g, new BufferPool(1 << 20));
        assertClose("window conv2d (" + kernelName + ") " + g, expected, y, TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void backwardDataMatchesDirectSum(Conv2dGeometry g) {
        float[] dy = random(yShape(g).sizeAsInt(), 3), w = random(wShape(g).sizeAsInt(), 4);
        double[] expected = new double[xShape(g).sizeAsInt()];
        ConvolutionTerms.forEach(g, (o, f, i) -> expected[i] += (double) dy[o] * w[f]);
        try (Scope s = Scope.open()) {
            Tensor dx = be.conv2dBackwardData(be.fromArray(yShape(g), dy, 0), be.fromArray(wShape(g), w, 0), g);
            assertClose("conv2d backward data " + g, expected, dx.toArray(), TOLERANCE);
        }
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void backwardFilterMatchesDirectSum(Conv2dGeometry g) {
        float[] x = random(xShape(g).sizeAsInt(), 5), dy = random(yShape(g).sizeAsInt(), 6);
        double[] expected = new double[wShape(g).sizeAsInt()];
        ConvolutionTerms.forEach(g, (o, f, i) -> expected[f] += (double) dy[o] * x[i]);
        // A filter gradient sums batch*outH*outW terms: up to 37k here, so allow for their rounding.
        double tolerance = TOLERANCE * Math.max(1, Math.sqrt((double) g.batch() * g.outH() * g.outW()) / 10);
        try (Scope s = Scope.open()) {
            Tensor dw = be.conv2dBackwardFilter(be.fromArray(xShape(g), x, 0), be.fromArray(yShape(g), dy, 0), g);
            assertClose("conv2d backward filter " + g, expected, dw.toArray(), tolerance);
        }
    }

    @Test
    void chunkingSplitsLargeBatches() {
        Conv2dGeometry g = Conv2dGeometry.of(9, 32, 32, 8, 4, 3, 3, 1, 1, Padding.SAME);
        int chunk = CpuConvolution.chunkImages(g);
        assertTrue(chunk > 1 && chunk < g.batch(), "the last geometry above must exercise several chunks, got " + chunk);
    }
}
