package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.model.Sequential;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conv2D's dilation and groups, DepthwiseConv2D, SeparableConv2D and Conv2DTranspose through
 * {@link LayerTests} (shapes from Keras's formulas, gradients, config and save/load), their forward
 * against the definitions written out, and Keras's parameter counts.
 */
class ConvolutionLayersTest {

    @Test
    void conv2dDilatedValidAndSame() throws Exception {
        LayerTests.run(() -> new Conv2D(2, 3).dilationRate(2), Shape.of(7, 6, 2), Shape.of(3, 2, 2));   // spans 5x5
        LayerTests.run(() -> new Conv2D(2, 2, 3).dilationRate(2, 1).padding("same"), Shape.of(5, 4, 1), Shape.of(5, 4, 2));
        LayerTests.run(() -> new Conv2D(2, 3).dilationRate(2).kernelRegularizer("l1_l2"), Shape.of(5, 5, 1), Shape.of(1, 1, 2));
    }

    @Test
    void conv2dGroups() throws Exception {
        LayerTests.run(() -> new Conv2D(4, 3).groups(2).padding("same").strides(2), Shape.of(6, 5, 4), Shape.of(3, 3, 4));
        Conv2D c = new Conv2D(4, 3).groups(2);
        c.build(Shape.of(6, 6, 4));
        assertEquals(4 * 3 * 3 * 2 + 4, c.paramCount(), "each filter sees 2 of the 4 input channels");
    }

    @Test
    void depthwiseAtOddAndEvenSizes() throws Exception {
        LayerTests.run(() -> new DepthwiseConv2D(3).depthMultiplier(2).strides(2).padding("same"), Shape.of(6, 6, 2), Shape.of(3, 3, 4));
        LayerTests.run(() -> new DepthwiseConv2D(3, 2).useBias(false), Shape.of(5, 4, 3), Shape.of(3, 3, 3));
        LayerTests.run(() -> new DepthwiseConv2D(2).dilationRate(2).padding("same").activation("tanh"), Shape.of(5, 5, 2), Shape.of(5, 5, 2));
    }

    @Test
    void separable() throws Exception {
        LayerTests.run(() -> new SeparableConv2D(3, 3).padding("same"), Shape.of(5, 5, 2), Shape.of(5, 5, 3));
        LayerTests.run(() -> new SeparableConv2D(2, 3).depthMultiplier(2).strides(2), Shape.of(7, 6, 2), Shape.of(3, 2, 2));
    }

    /** Keras's names for the depthwise and pointwise kernels' initializers and regularizers, and their penalty. */
    @Test
    void depthwiseAndPointwiseInitializersAndRegularizers() throws Exception {
        LayerTests.run(() -> new DepthwiseConv2D(3).depthwiseInitializer("he_normal").depthwiseRegularizer("l2").biasRegularizer("l1"),
                Shape.of(4, 4, 2), Shape.of(2, 2, 2));
        LayerTests.run(() -> new SeparableConv2D(2, 2).depthwiseInitializer("he_uniform").pointwiseInitializer("zeros")
                .depthwiseRegularizer("l1").pointwiseRegularizer("l2"), Shape.of(3, 3, 2), Shape.of(2, 2, 2));
        SeparableConv2D s = new SeparableConv2D(3, 2).depthwiseRegularizer("l1").pointwiseRegularizer("l2");
        s.build(Shape.of(4, 4, 2));
        double expected = 0;
        for (float v : s.params().get(0).toArray()) expected += 0.01 * Math.abs(v);
        for (float v : s.params().get(1).toArray()) expected += 0.01 * v * v;
        try (Scope scope = Scope.open()) {
            assertEquals(expected, s.regularizationLoss().toArray()[0], 1e-6, "L1 on the depthwise kernel plus L2 on the pointwise one");
        }
        assertTrue(s.config().has("pointwise_initializer") && s.config().has("depthwise_initializer"), s.config().toString());
    }

    @Test
    void transposeShapesFollowKerasDeconvOutputLength() throws Exception {
        LayerTests.run(() -> new Conv2DTranspose(2, 3).strides(2).padding("same"), Shape.of(3, 4, 2), Shape.of(6, 8, 2));
        LayerTests.run(() -> new Conv2DTranspose(2, 3).strides(2), Shape.of(3, 4, 2), Shape.of(7, 9, 2));          // 3*2 + (3-2)
        LayerTests.run(() -> new Conv2DTranspose(2, 2).strides(3), Shape.of(2, 3, 1), Shape.of(6, 9, 2));          // kernel < stride
        LayerTests.run(() -> new Conv2DTranspose(1, 3).strides(2).padding("same").outputPadding(1), Shape.of(3, 3, 2),
                Shape.of(6, 6, 1));                                                                                 // (3-1)*2 + 3 - 2 + 1
        LayerTests.run(() -> new Conv2DTranspose(2, 3, 2).strides(2, 3).outputPadding(1, 2), Shape.of(3, 2, 1),
                Shape.of(8, 7, 2));                                                                                 // valid: (3-1)*2+3+1, (2-1)*3+2+2
        LayerTests.run(() -> new Conv2DTranspose(2, 3).dilationRate(2), Shape.of(3, 2, 2), Shape.of(7, 6, 2));     // span 5: in + 4
        LayerTests.run(() -> new Conv2DTranspose(2, 4).strides(2).padding("same").useBias(false), Shape.of(3, 3, 1), Shape.of(6, 6, 2));
        LayerTests.run(() -> new Conv2DTranspose(2, 3).kernelRegularizer("l2").biasRegularizer("l1"), Shape.of(2, 2, 1), Shape.of(4, 4, 2));
    }

    /**
     * The definition of a transposed convolution, scattering each input pixel through the kernel:
     * {@code y[i*s - padBefore + a*d] += x[i] * w[c, a, ., f]}, with TensorFlow's padding for "same"
     * (total {@code max((in-1)*s + span - out, 0)}, the smaller half before).
     */
    @Test
    void transposeForwardMatchesTheScatterDefinition() {
        Backend be = Backends.current();
        int[][] cases = {{3, 2, 3, 1}, {4, 3, 2, 0}, {3, 4, 2, 1}};   // kernel, input size, stride, same?
        for (int[] k : cases) {
            int kernel = k[0], in = k[1], stride = k[2];
            boolean same = k[3] == 1;
            Conv2DTranspose layer = new Conv2DTranspose(2, kernel).strides(stride).padding(same ? "same" : "valid");
            Shape sample = Shape.of(in, in + 1, 3);
            Shape outShape = layer.build(sample);
            int outH = outShape.dim(0), outW = outShape.dim(1);
            float[] x = GradientCheck.random(sample.prepend(2), 3);
            float[] w = layer.params().get(0).toArray();   // (inChannels 3, kernel, kernel, filters 2)
            double[] expected = new double[2 * outH * outW * 2];
            int padTop = same ? Math.max((in - 1) * stride + kernel - outH, 0) / 2 : 0;
            int padLeft = same ? Math.max(in * stride + kernel - outW, 0) / 2 : 0;
            for (int n = 0; n < 2; n++)
                for (int i = 0; i < in; i++)
                    for (int j = 0; j < in + 1; j++)
                        for (int c = 0; c < 3; c++)
                            for (int a = 0; a < kernel; a++)
                                for (int b = 0; b < kernel; b++) {
                                    int oh = i * stride - padTop + a, ow = j * stride - padLeft + b;
                                    if (oh < 0 || oh >= outH || ow < 0 || ow >= outW) continue;
                                    for (int f = 0; f < 2; f++) {
                                        expected[((n * outH + oh) * outW + ow) * 2 + f] +=
                                                (double) x[((n * in + i) * (in + 1) + j) * 3 + c] * w[((c * kernel + a) * kernel + b) * 2 + f];
                                    }
                                }
            try (Scope s = Scope.open()) {
                float[] y = layer.call(be.fromArray(sample.prepend(2), x, 0), false).toArray();
                for (int i = 0; i < y.length; i++) {
                    assertEquals(expected[i], y[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "kernel " + kernel + " stride " + stride
                            + (same ? " same" : " valid") + ", element " + i);
                }
            }
        }
    }

    /** Depthwise output channel {@code c * multiplier + m} is input channel {@code c} through its own filter, as in Keras. */
    @Test
    void depthwiseForwardMatchesThePerChannelDefinition() {
        Backend be = Backends.current();
        DepthwiseConv2D layer = new DepthwiseConv2D(2).depthMultiplier(2).useBias(false);
        Shape sample = Shape.of(3, 3, 2);
        layer.build(sample);
        float[] x = GradientCheck.random(sample.prepend(1), 4);
        float[] w = layer.params().get(0).toArray();   // (4, 2, 2, 1)
        try (Scope s = Scope.open()) {
            float[] y = layer.call(be.fromArray(sample.prepend(1), x, 0), false).toArray();   // (1, 2, 2, 4)
            for (int oh = 0; oh < 2; oh++)
                for (int ow = 0; ow < 2; ow++)
                    for (int c = 0; c < 2; c++)
                        for (int m = 0; m < 2; m++) {
                            int o = c * 2 + m;
                            double sum = 0;
                            for (int a = 0; a < 2; a++)
                                for (int b = 0; b < 2; b++) sum += (double) x[((oh + a) * 3 + ow + b) * 2 + c] * w[(o * 2 + a) * 2 + b];
                            assertEquals(sum, y[(oh * 2 + ow) * 4 + o], 1e-6, "pixel " + oh + "," + ow + " channel " + o);
                        }
        }
    }

    @Test
    void kerasParameterCounts() {
        assertEquals(4_640, built(new Conv2DTranspose(32, 3), Shape.of(8, 8, 16)).paramCount());
        assertEquals(320, built(new DepthwiseConv2D(3), Shape.of(8, 8, 32)).paramCount());
        assertEquals(2_400, built(new SeparableConv2D(64, 3), Shape.of(8, 8, 32)).paramCount());
    }

    private static Layer built(Layer layer, Shape input) {
        layer.build(input);
        return layer;
    }

    /** The autoencoder of the autoencoder example: Keras prints 3,217 parameters and these output shapes. */
    @Test
    void autoencoderHas3217ParamsAndKerasShapes() {
        Sequential m = new Sequential(new Input(28, 28, 1),
                new Conv2D(16, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                new Conv2D(8, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                new Conv2DTranspose(8, 3).strides(2).padding("same").activation("relu"),
                new Conv2DTranspose(16, 3).strides(2).padding("same").activation("relu"),
                new Conv2D(1, 3).padding("same").activation("sigmoid"));
        m.build(Shape.of(28, 28, 1));
        Shape[] expected = {Shape.of(28, 28, 16), Shape.of(14, 14, 16), Shape.of(14, 14, 8), Shape.of(7, 7, 8), Shape.of(14, 14, 8),
                Shape.of(28, 28, 16), Shape.of(28, 28, 1)};
        long params = 0;
        int k = 0;
        for (Layer l : m.layers()) {
            if (l instanceof Input) continue;
            assertEquals(expected[k++], l.outputShape(), l.describe());
            params += l.paramCount();
        }
        assertEquals(7, k);
        assertEquals(3_217, params);
        assertTrue(m.summaryText().contains("Total params: 3,217"), m.summaryText());
    }

    @Test
    void badArgumentsAreNamed() {
        IncompatibleShapeException groups = assertThrows(IncompatibleShapeException.class,
                () -> new Conv2D(4, 3).groups(2).build(Shape.of(5, 5, 3)));
        assertTrue(groups.getMessage().contains("groups") && groups.getMessage().contains("3"), groups.getMessage());
        IncompatibleShapeException both = assertThrows(IncompatibleShapeException.class,
                () -> new Conv2D(4, 3).strides(2).dilationRate(2).build(Shape.of(9, 9, 1)));
        assertTrue(both.getMessage().contains("dilation"), both.getMessage());
        IncompatibleShapeException op = assertThrows(IncompatibleShapeException.class,
                () -> new Conv2DTranspose(4, 3).strides(2).outputPadding(2).build(Shape.of(4, 4, 1)));
        assertTrue(op.getMessage().contains("output padding"), op.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(3, 3).groups(2));
    }
}
