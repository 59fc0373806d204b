package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Conv2DTranspose;
import dev.myelin.layers.DepthwiseConv2D;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerNormalization;
import dev.myelin.layers.SeparableConv2D;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.myelin.cuda.GpuBackends.assertClose;
import static dev.myelin.cuda.GpuBackends.random;

/**
 * The normalization and convolution layers built, called and differentiated on the GPU against the
 * same on the CPU: weights are drawn by the counter-based generator, so both backends build the
 * same layer. Compared: the output, the input's gradient, every parameter's gradient, and the
 * weights after the call (BatchNormalization's moving statistics move in training).
 * Tolerance 1e-4, as for the ops these layers run ({@link CudaVsCpuTest}).
 */
@Tag("gpu")
class CudaLayersVsCpuTest {
    private static final double R = 1e-4, A = 1e-4;

    /** Output, input gradient, parameter gradients and weights after the call, on {@code be}. */
    private static List<float[]> run(Backend be, Supplier<Layer> factory, Shape sample, boolean training) {
        Backend before = Backends.current();
        Backends.use(be, "test");
        Layer layer = factory.get();
        List<float[]> results = new ArrayList<>();
        try (Scope s = Scope.open()) {
            layer.build(sample);
            Shape in = sample.prepend(3);
            Tensor x = be.fromArray(in, random(in, 40), 0).requiresGrad(true);
            Tensor y = layer.call(x, training);
            Ops.sum(Ops.mul(y, be.fromArray(y.shape(), random(y.shape(), 41), 0))).backward();
            results.add(y.toArray());
            results.add(x.grad().toArray());
            for (Tensor p : layer.params()) results.add(p.grad().toArray());
            for (Tensor w : layer.weights()) results.add(w.toArray());
        } finally {
            for (Tensor p : layer.params()) p.setGrad(null);
            layer.release();
            Backends.use(before, "restored");
        }
        return results;
    }

    private static void compare(String what, Supplier<Layer> factory, Shape sample, boolean training) {
        CudaBackend cuda = GpuBackends.cuda();
        List<float[]> cpu = run(GpuBackends.CPU, factory, sample, training), gpu = run(cuda, factory, sample, training);
        for (int i = 0; i < cpu.size(); i++) assertClose(what + " result " + i, cpu.get(i), gpu.get(i), R, A);
    }

    @Test
    void normalizationLayersInBothModes() {
        for (boolean training : new boolean[] {true, false}) {
            compare("BatchNormalization training=" + training, () -> new BatchNormalization().momentum(0.5), Shape.of(5, 4, 6), training);
            compare("BatchNormalization unscaled training=" + training, () -> new BatchNormalization().center(false).scale(false),
                    Shape.of(7), training);
            compare("LayerNormalization training=" + training, LayerNormalization::new, Shape.of(4, 9), training);
        }
    }

    @Test
    void convolutionLayers() {
        compare("Conv2D dilated", () -> new Conv2D(3, 3).dilationRate(2).padding("same"), Shape.of(7, 6, 2), true);
        compare("Conv2D groups", () -> new Conv2D(4, 3).groups(2).strides(2), Shape.of(7, 8, 4), true);
        compare("DepthwiseConv2D", () -> new DepthwiseConv2D(3).depthMultiplier(2).strides(2).padding("same"), Shape.of(8, 8, 3), true);
        compare("SeparableConv2D", () -> new SeparableConv2D(5, 3).padding("same"), Shape.of(6, 7, 4), true);
        compare("Conv2DTranspose same", () -> new Conv2DTranspose(4, 3).strides(2).padding("same"), Shape.of(7, 7, 3), true);
        compare("Conv2DTranspose output padding", () -> new Conv2DTranspose(2, 3).strides(2).outputPadding(1), Shape.of(4, 5, 3), true);
    }
}
