package dev.myelin.cuda;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.cuda.ffm.LibraryFinder;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static dev.myelin.cuda.GpuBackends.CPU;
import static dev.myelin.cuda.GpuBackends.assertClose;
import static dev.myelin.cuda.GpuBackends.compare;
import static dev.myelin.cuda.GpuBackends.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a reading of the CUDA backend against the CPU backend found them apart: ties, zeros, NaN,
 * infinities, bad labels, shapes of one-element operands, sizes past one launch's reach, a second
 * thread, TF32 convolutions, several optimizer steps and running out of memory. Each test fails on
 * the backend as it was before its fix. Tolerances as in {@link CudaVsCpuTest}; exact where the
 * result is a choice (which maximum, which slope) rather than a rounding.
 */
@Tag("gpu")
class CudaEdgeCasesTest {
    private static final float NAN = Float.NaN;

    private static Tensor in(Backend b, Shape s, float[] values) { return b.fromArray(s, values, 0); }

    @Test
    void maxPoolBackwardSendsTiedMaximaToTheFirstAsTheCpuDoes() {
        Shape x = Shape.of(2, 6, 6, 3);
        float[] ties = new float[x.sizeAsInt()];
        for (int i = 0; i < ties.length; i++) ties[i] = (i * 7 / 3) % 2;   // zeros and ones: every window has ties
        for (Pool2dGeometry g : List.of(Pool2dGeometry.of(2, 6, 6, 3, 2, 2, 2, 2, Padding.VALID),
                Pool2dGeometry.of(2, 6, 6, 3, 3, 3, 1, 1, Padding.VALID), Pool2dGeometry.of(2, 6, 6, 3, 3, 3, 1, 1, Padding.SAME))) {
            Shape y = Shape.of(2, g.outH(), g.outW(), 3);
            compare("max pool backward with ties " + g, 0, 0, b -> {
                Tensor xt = in(b, x, ties);
                return b.pool2dBackward(PoolMode.MAX, xt, b.pool2d(PoolMode.MAX, xt, g), in(b, y, random(y, 5)), g);
            });
        }
    }

    @Test
    void leakyReluHasSlopeOneAtZeroAsTheCpu() {
        float[] x = {-1f, 0f, -0f, 1f, 0f};
        Shape s = Shape.of(5);
        compare("leaky relu backward at 0", 0, 0, b -> {
            Tensor xt = in(b, s, x);
            return b.activationBackward(ActivationKind.LEAKY_RELU, 0.2f, xt, b.activation(ActivationKind.LEAKY_RELU, 0.2f, xt),
                    b.full(s, 1f));
        });
    }

    @Test
    void reluMaximumAndHardSigmoidKeepNaNAsTheCpu() {
        float[] x = {NAN, -1f, 2f, NAN};
        Shape s = Shape.of(4);
        for (ActivationKind kind : List.of(ActivationKind.RELU, ActivationKind.HARD_SIGMOID, ActivationKind.LEAKY_RELU)) {
            float[][] r = GpuBackends.both(b -> b.activation(kind, 0.2f, in(b, s, x)));
            assertTrue(Float.isNaN(r[1][0]) && Float.isNaN(r[1][3]), kind + " of NaN on cuda: " + java.util.Arrays.toString(r[1]));
            assertClose(kind + " with NaN", r[0], r[1], 1e-6, 1e-6);
        }
        for (BinaryOp op : List.of(BinaryOp.MAX, BinaryOp.MIN)) {
            compare(op + " with NaN", 0, 0, b -> b.binary(op, in(b, s, x), in(b, s, new float[] {0f, NAN, 1f, 5f})));
        }
    }

    @Test
    void binaryOfTwoOneElementOperandsHasTheCpuShape() {
        for (boolean scalarFirst : new boolean[] {true, false}) {
            Shape[] shapes = new Shape[2];
            for (Backend b : List.of(CPU, GpuBackends.cuda())) {
                try (Scope s = Scope.open()) {
                    Tensor scalar = b.full(Shape.SCALAR, 2f), matrix = b.full(Shape.of(1, 1), 3f);
                    Tensor y = scalarFirst ? b.binary(BinaryOp.MUL, scalar, matrix) : b.binary(BinaryOp.MUL, matrix, scalar);
                    shapes[b == CPU ? 0 : 1] = y.shape();
                    assertArrayEquals(new float[] {6f}, y.toArray());
                }
            }
            assertEquals(shapes[0], shapes[1], "scalar first: " + scalarFirst);
            assertEquals(Shape.of(1, 1), shapes[1]);
        }
    }

    @Test
    void denseSoftmaxCrossEntropyWithMinusInfinityLogitsIsFiniteAsTheCpu() {
        Shape s = Shape.of(2, 4);
        float inf = Float.NEGATIVE_INFINITY;
        float[] logits = {1f, inf, 2f, inf, inf, 0.5f, inf, -1f};
        float[] labels = {0.25f, 0f, 0.75f, 0f, 0f, 1f, 0f, 0f};
        float[][] r = GpuBackends.both(b -> b.softmaxCrossEntropy(in(b, s, logits), in(b, s, labels), false));
        assertTrue(Float.isFinite(r[1][0]) && Float.isFinite(r[1][1]), "cuda loss " + java.util.Arrays.toString(r[1]));
        assertClose("dense cross-entropy with -inf logits", r[0], r[1], 1e-5, 1e-6);
        compare("its backward", 1e-5, 1e-6, b -> b.softmaxCrossEntropyBackward(in(b, s, logits), in(b, s, labels), false,
                b.full(Shape.of(2), 1f)));
    }

    @Test
    void sparseLabelsOutOfRangeAreTheCpuError() {
        Shape s = Shape.of(3, 10);
        for (float bad : new float[] {10f, -1f, 2.5f, NAN}) {
            float[] labels = {0f, bad, 3f};
            List<String> messages = new ArrayList<>();
            for (Backend b : List.of(CPU, GpuBackends.cuda())) {
                for (boolean backward : new boolean[] {false, true}) {
                    try (Scope sc = Scope.open()) {
                        Tensor logits = in(b, s, random(s, 3)), l = in(b, Shape.of(3), labels);
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                            if (backward) b.softmaxCrossEntropyBackward(logits, l, true, b.full(Shape.of(3), 1f)).toArray();
                            else b.softmaxCrossEntropy(logits, l, true).toArray();
                        }, b.name() + " with label " + bad);
                        messages.add(e.getMessage());
                    }
                }
            }
            assertEquals(messages.get(0), messages.get(2), "forward: cpu and cuda");
            assertEquals(messages.get(1), messages.get(3), "backward: cpu and cuda");
        }
    }

    @Test
    void oneHotOfIndicesThatAreNotOneDimensionalHasTheCpuShape() {
        float[] idx = {1f, 0f, 2f, 2f, 1f, 0f};
        float[][] r = GpuBackends.both(b -> {
            Tensor y = b.oneHot(in(b, Shape.of(3, 2), idx), 4);
            assertEquals(Shape.of(3, 4), y.shape(), b.name());
            return y;
        });
        assertClose("oneHot of (3, 2) indices", r[0], r[1], 0, 0);
    }

    @Test
    void elementwiseOpsPastOneLaunchOfEightMillionThreadsAgree() {
        Shape s = Shape.of(9_000_001);   // above MAX_BLOCKS * THREADS = 2^23: each thread loops
        compare("relu of 9M", 0, 0, b -> b.activation(ActivationKind.RELU, 0f, b.randomUniform(s, -1f, 1f, 11)));
        compare("add of 9M", 1e-6, 1e-6, b -> b.binary(BinaryOp.ADD, b.randomUniform(s, -1f, 1f, 12), b.randomUniform(s, -1f, 1f, 13)));
        compare("uniform of 9M", 0, 0, b -> b.randomUniform(s, 0f, 1f, 14));
        compare("dropout of 9M", 0, 0, b -> b.dropout(b.full(s, 1f), 0.5f, 15));
        compare("bias over 9M", 1e-6, 1e-6, b -> b.addBias(b.randomUniform(Shape.of(3_000_001, 3), -1f, 1f, 16),
                b.fromArray(Shape.of(3), new float[] {1f, 2f, 3f}, 0)));
        // a sum of 9M values in [0, 1): float32 partial sums in another order differ by ~sqrt(n) ulps of 4.5e6
        compare("sum of 9M", 1e-5, 0, b -> b.sum(b.randomUniform(s, 0f, 1f, 17)));
    }

    @Test
    void callsFromASecondThreadWorkAsFromTheFirst() throws Exception {
        CudaBackend cuda = GpuBackends.cuda();
        Shape s = Shape.of(33, 17);
        Function<Backend, float[]> work = b -> {
            try (Scope sc = Scope.open()) {
                Tensor a = b.fromArray(s, random(s, 21), 0);
                return b.matmul(a, false, a, true).toArray();
            }
        };
        float[] here = work.apply(cuda);
        float[] there = CompletableFuture.supplyAsync(() -> work.apply(cuda)).get();
        assertArrayEquals(here, there);
        assertClose("matmul on another thread against the cpu", work.apply(CPU), there, 1e-4, 1e-4);
    }

    @Test
    void fiveOptimizerStepsAgree() {
        Shape s = Shape.of(3, 37);
        // each step's rounding differences feed the next: 5 steps stay within 1e-5 relative for O(1) values
        compare("5 adam steps", 1e-5, 1e-6, b -> {
            Tensor p = b.fromArray(s, random(s, 1), 0), m = b.zeros(s), v = b.zeros(s);
            for (int step = 1; step <= 5; step++) b.adamUpdate(p, b.fromArray(s, random(s, 10 + step), 0), m, v, 1e-2f, 0.9f, 0.999f, 1e-7f, step);
            return p;
        });
        compare("5 nesterov sgd steps", 1e-5, 1e-6, b -> {
            Tensor p = b.fromArray(s, random(s, 2), 0), vel = b.zeros(s);
            for (int step = 1; step <= 5; step++) b.sgdUpdate(p, b.fromArray(s, random(s, 20 + step), 0), vel, 0.1f, 0.9f, true);
            return p;
        });
        compare("5 rmsprop steps", 1e-5, 1e-6, b -> {
            Tensor p = b.fromArray(s, random(s, 3), 0), ms = b.zeros(s), mom = b.zeros(s);
            for (int step = 1; step <= 5; step++) b.rmspropUpdate(p, b.fromArray(s, random(s, 30 + step), 0), ms, mom, 1e-2f, 0.9f, 0.5f, 1e-7f);
            return p;
        });
    }

    @Test
    void tf32ConvolutionsStayWithinTf32RoundingOfTheCpu() throws Exception {
        GpuBackends.cuda();
        CudaOptions o = CudaOptions.fromSystem();
        try (CudaBackend tf32 = CudaBackend.start(new CudaOptions(o.device(), false, false, true, o.kernelCache()), LibraryFinder.system())) {
            Conv2dGeometry g = Conv2dGeometry.of(4, 16, 16, 8, 16, 3, 3, 1, 1, Padding.SAME);
            Shape x = Shape.of(4, 16, 16, 8), w = Shape.of(16, 3, 3, 8);
            float[] expected, actual;
            try (Scope s = Scope.open()) {
                expected = CPU.conv2d(CPU.fromArray(x, random(x, 1), 0), CPU.fromArray(w, random(w, 2), 0), g).toArray();
            }
            try (Scope s = Scope.open()) {
                actual = tf32.conv2d(tf32.fromArray(x, random(x, 1), 0), tf32.fromArray(w, random(w, 2), 0), g).toArray();
            }
            // TF32 keeps 10 mantissa bits (relative 2^-11 per input); 72 products of O(1) terms: |error| under 72 * 2 * 2^-11 = 0.07
            assertClose("conv2d with TF32", expected, actual, 0, 0.07);
        }
    }

    @Test
    void runningOutOfMemoryFreesTheConvolutionWorkspaceAndTheNextConvolutionRuns() {
        CudaBackend cuda = GpuBackends.cuda();
        Conv2dGeometry g = Conv2dGeometry.of(32, 28, 28, 1, 20, 5, 5, 1, 1, Padding.VALID);
        Shape x = Shape.of(32, 28, 28, 1), w = Shape.of(20, 5, 5, 1);
        compare("conv before", 1e-4, 1e-4, b -> b.conv2d(b.fromArray(x, random(x, 1), 0), b.fromArray(w, random(w, 2), 0), g));
        List<Tensor> hog = new ArrayList<>();
        try {
            assertThrows(CachingAllocator.OutOfDeviceMemoryException.class, () -> {
                for (int i = 0; i < 1024; i++) hog.add(cuda.empty(Shape.of(256, 1024, 1024)));   // 1 GiB each
            });
        } finally {
            hog.forEach(Tensor::close);
        }
        compare("conv after running out of memory", 1e-4, 1e-4,
                b -> b.conv2d(b.fromArray(x, random(x, 1), 0), b.fromArray(w, random(w, 2), 0), g));
    }
}
