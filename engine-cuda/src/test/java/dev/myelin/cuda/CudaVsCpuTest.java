package dev.myelin.cuda;

import dev.myelin.backend.AccuracyKind;
import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static dev.myelin.cuda.GpuBackends.compare;
import static dev.myelin.cuda.GpuBackends.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every SPI op on the GPU against the CPU backend, on the same random inputs, at odd shapes (and the
 * geometry matrix of {@link GpuGeometries} for convolution and pooling), TF32 off.
 *
 * <p>Tolerances: inputs are O(1). Elementwise ops differ only by the last bits of the math library
 * (expf, erff... within 2 ulp), so 1e-5 relative + 1e-6 absolute. Reductions, matmul and convolution
 * sum up to a few hundred products in another order (cuBLAS/cuDNN tile the sums): float32 error
 * grows like sqrt(K) * 6e-8 per unit of magnitude, far under 1e-4, the bound used. Random draws and
 * masks are integer arithmetic and must agree exactly.
 */
@Tag("gpu")
class CudaVsCpuTest {
    private static final double EW_R = 1e-5, EW_A = 1e-6, SUM_R = 1e-4, SUM_A = 1e-4;

    private static Tensor in(Backend b, Shape s, long seed) { return b.fromArray(s, random(s, seed), 0); }

    private static Tensor in(Backend b, Shape s, long seed, float low, float high) {
        return b.fromArray(s, random(s.sizeAsInt(), seed, low, high), 0);
    }

    @Test
    void matmulWithEveryTransposeAtOddSizes() {
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {7, 13, 1}, {64, 33, 17}, {1, 100, 3}};
        for (int[] mkn : sizes) {
            int m = mkn[0], k = mkn[1], n = mkn[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Shape sa = ta ? Shape.of(k, m) : Shape.of(m, k), sb = tb ? Shape.of(n, k) : Shape.of(k, n);
                    compare("matmul " + m + "x" + k + "x" + n + " tA=" + ta + " tB=" + tb, SUM_R, SUM_A,
                            b -> b.matmul(in(b, sa, 1), ta, in(b, sb, 2), tb));
                }
            }
        }
    }

    @Test
    void biasAndItsBackward() {
        for (Shape s : new Shape[] {Shape.of(1, 1), Shape.of(3, 7), Shape.of(7, 5, 5, 3)}) {
            Shape bias = Shape.of(s.dim(-1));
            compare("addBias " + s, EW_R, EW_A, b -> b.addBias(in(b, s, 3), in(b, bias, 4)));
            compare("sumToLastAxis " + s, SUM_R, SUM_A, b -> b.sumToLastAxis(in(b, s, 5)));
        }
    }

    @Test
    void convolutionForwardAndBackwardOverTheGeometryMatrix() {
        List<Conv2dGeometry> geometries = new ArrayList<>(GpuGeometries.convolutions());
        geometries.addAll(GpuGeometries.asymmetricConvolutions());
        assertTrue(geometries.stream().anyMatch(g -> !g.symmetricPadding()), "the explicit-padding path is in the matrix");
        for (Conv2dGeometry g : geometries) {
            Shape x = Shape.of(g.batch(), g.inH(), g.inW(), g.inC()), w = Shape.of(g.outC(), g.kernelH(), g.kernelW(), g.inC());
            Shape y = Shape.of(g.batch(), g.outH(), g.outW(), g.outC());
            compare("conv2d " + g, SUM_R, SUM_A, b -> b.conv2d(in(b, x, 6), in(b, w, 7), g));
            compare("conv2dBackwardData " + g, SUM_R, SUM_A, b -> b.conv2dBackwardData(in(b, y, 8), in(b, w, 7), g));
            compare("conv2dBackwardFilter " + g, SUM_R, SUM_A, b -> b.conv2dBackwardFilter(in(b, x, 6), in(b, y, 8), g));
        }
    }

    @Test
    void poolingForwardAndBackwardSymmetricAndAsymmetric() {
        for (PoolMode mode : PoolMode.values()) {
            for (Pool2dGeometry g : GpuGeometries.pools()) {
                Shape x = Shape.of(g.batch(), g.inH(), g.inW(), g.channels()), y = Shape.of(g.batch(), g.outH(), g.outW(), g.channels());
                compare(mode + " pool2d " + g, EW_R, EW_A, b -> b.pool2d(mode, in(b, x, 9), g));
                compare(mode + " pool2dBackward " + g, EW_R, EW_A, b -> {
                    Tensor xt = in(b, x, 9);
                    return b.pool2dBackward(mode, xt, b.pool2d(mode, xt, g), in(b, y, 10), g);
                });
            }
        }
    }

    @Test
    void activationsForwardAndBackward() {
        Shape s = Shape.of(7, 33);
        for (ActivationKind kind : ActivationKind.values()) {
            float alpha = kind == ActivationKind.LEAKY_RELU ? 0.2f : 1f;
            compare(kind + " forward", EW_R, EW_A, b -> b.activation(kind, alpha, in(b, s, 11, -3f, 3f)));
            compare(kind + " backward", EW_R, EW_A, b -> {
                Tensor x = in(b, s, 11, -3f, 3f);
                return b.activationBackward(kind, alpha, x, b.activation(kind, alpha, x), in(b, s, 12));
            });
        }
    }

    @Test
    void softmaxFamilyAndFusedLosses() {
        for (int[] rc : new int[][] {{1, 1}, {3, 10}, {7, 1000}}) {
            Shape s = Shape.of(rc[0], rc[1]);
            compare("softmax " + s, EW_R, EW_A, b -> b.softmax(in(b, s, 13, -20f, 20f)));
            compare("logSoftmax " + s, EW_R, 1e-5, b -> b.logSoftmax(in(b, s, 13, -20f, 20f)));
            compare("softmaxBackward " + s, SUM_R, SUM_A, b -> b.softmaxBackward(b.softmax(in(b, s, 13)), in(b, s, 14)));
            compare("logSoftmaxBackward " + s, SUM_R, SUM_A, b -> b.logSoftmaxBackward(b.logSoftmax(in(b, s, 13)), in(b, s, 14)));
            float[] classes = new float[rc[0]];
            for (int i = 0; i < classes.length; i++) classes[i] = (i * 7) % rc[1];
            Shape rows = Shape.of(rc[0]);
            compare("sparse softmaxCrossEntropy " + s, SUM_R, SUM_A,
                    b -> b.softmaxCrossEntropy(in(b, s, 15, -20f, 20f), b.fromArray(rows, classes, 0), true));
            compare("dense softmaxCrossEntropy " + s, SUM_R, SUM_A,
                    b -> b.softmaxCrossEntropy(in(b, s, 15), b.softmax(in(b, s, 16)), false));
            compare("sparse softmaxCrossEntropyBackward " + s, SUM_R, SUM_A,
                    b -> b.softmaxCrossEntropyBackward(in(b, s, 15), b.fromArray(rows, classes, 0), true, in(b, rows, 17)));
            compare("dense softmaxCrossEntropyBackward " + s, SUM_R, SUM_A,
                    b -> b.softmaxCrossEntropyBackward(in(b, s, 15), b.softmax(in(b, s, 16)), false, in(b, rows, 17)));
        }
        Shape s = Shape.of(7, 3);
        compare("sigmoidCrossEntropy", EW_R, EW_A, b -> b.sigmoidCrossEntropy(in(b, s, 18, -30f, 30f), in(b, s, 19, 0f, 1f)));
        compare("sigmoidCrossEntropyBackward", EW_R, EW_A,
                b -> b.sigmoidCrossEntropyBackward(in(b, s, 18, -30f, 30f), in(b, s, 19, 0f, 1f), in(b, s, 20)));
    }

    @Test
    void elementwiseOpsAndBroadcasting() {
        Shape s = Shape.of(3, 13);
        for (UnaryOp op : UnaryOp.values()) {
            compare(op + "", EW_R, EW_A, b -> b.unary(op, in(b, s, 21, 0.1f, 3f)));
            compare(op + " backward", EW_R, EW_A, b -> {
                Tensor x = in(b, s, 21, 0.1f, 3f);
                return b.unaryBackward(op, x, b.unary(op, x), in(b, s, 22));
            });
        }
        for (BinaryOp op : BinaryOp.values()) {
            compare(op + "", EW_R, EW_A, b -> b.binary(op, in(b, s, 23, 0.5f, 2f), in(b, s, 24, 0.5f, 2f)));
            compare(op + " scalar right", EW_R, EW_A, b -> b.binary(op, in(b, s, 23, 0.5f, 2f), b.full(Shape.SCALAR, 1.25f)));
            compare(op + " scalar left", EW_R, EW_A, b -> b.binary(op, b.full(Shape.SCALAR, 1.25f), in(b, s, 24, 0.5f, 2f)));
        }
        for (ScalarOp op : ScalarOp.values()) {
            compare(op + "", EW_R, EW_A, b -> b.scalar(op, in(b, s, 25, 0.5f, 2f), 1.5f));
        }
    }

    @Test
    void reductionsIndicesAndAccuracy() {
        Shape s = Shape.of(7, 10);
        compare("sum", SUM_R, SUM_A, b -> b.sum(in(b, s, 26)));
        compare("sum of 1e6", SUM_R, 1e-2, b -> b.sum(in(b, Shape.of(1_000_003), 26)));
        compare("sumLastAxis", SUM_R, SUM_A, b -> b.sumLastAxis(in(b, s, 27)));
        compare("broadcastLastAxis", 0, 0, b -> b.broadcastLastAxis(in(b, Shape.of(7), 28), 5));
        compare("sliceColumns", 0, 0, b -> b.sliceColumns(in(b, Shape.of(7, 9), 41), 3, 4));
        compare("copyColumns", 0, 0, b -> {
            Tensor dst = in(b, Shape.of(7, 9), 42);
            b.copyColumns(in(b, Shape.of(7, 4), 43), dst, 5);
            return dst;
        });
        compare("argmaxLastAxis", 0, 0, b -> b.argmaxLastAxis(in(b, s, 29)));
        float[] labels = {0, 3, 9, 2, 2, 5, 1};
        compare("oneHot", 0, 0, b -> b.oneHot(b.fromArray(Shape.of(7), labels, 0), 10));
        compare("sparse accuracy", 0, 0, b -> b.countCorrect(AccuracyKind.SPARSE_CATEGORICAL, in(b, s, 30),
                b.fromArray(Shape.of(7), labels, 0), 0.5f));
        compare("categorical accuracy", 0, 0, b -> b.countCorrect(AccuracyKind.CATEGORICAL, in(b, s, 30), in(b, s, 31), 0.5f));
        float[] binary = {0, 1, 1, 0, 1, 0, 0};
        compare("binary accuracy", 0, 0, b -> b.countCorrect(AccuracyKind.BINARY, in(b, Shape.of(7, 1), 32, 0f, 1f),
                b.fromArray(Shape.of(7, 1), binary, 0), 0.5f));
    }

    @Test
    void randomDrawsAndDropoutMatchTheCpuBitForBit() {
        Shape s = Shape.of(1001);
        compare("uniform", 0, 0, b -> b.randomUniform(s, -0.5f, 2f, 42));
        compare("dropout", 0, 0, b -> b.dropout(in(b, s, 33), 0.3f, 7));
        compare("dropoutBackward", 0, 0, b -> b.dropoutBackward(in(b, s, 34), 0.3f, 7));
        // Box-Muller in double: CUDA's log/cos may differ from Java's in the last double bit, rarely a float ulp.
        compare("normal", 1e-6, 1e-6, b -> b.randomNormal(s, 0.1f, 2f, false, 42));
        compare("truncated normal", 1e-6, 1e-6, b -> b.randomNormal(s, 0f, 1f, true, 43));
    }

    /** Applies an in-place update to fresh copies of the same inputs on each backend; returns the param. */
    private static void compareUpdate(String what, BiFunction<Backend, Tensor[], Tensor> update) {
        Shape s = Shape.of(3, 37);
        for (int step = 0; step < 1; step++) {
            compare(what, EW_R, EW_A, b -> {
                Tensor[] t = {in(b, s, 40), in(b, s, 41), in(b, s, 42, 0f, 1f), in(b, s, 43, 0f, 1f)};
                return update.apply(b, t);
            });
        }
    }

    @Test
    void inPlaceAccumulationAndOptimizerUpdates() {
        compareUpdate("addInPlace", (b, t) -> { b.addInPlace(t[0], t[1], -0.5f); return t[0]; });
        compareUpdate("copyInto", (b, t) -> { b.copyInto(t[1], t[0]); return t[0]; });
        compareUpdate("sgd", (b, t) -> { b.sgdUpdate(t[0], t[1], null, 0.1f, 0f, false); return t[0]; });
        compareUpdate("sgd momentum", (b, t) -> { b.sgdUpdate(t[0], t[1], t[2], 0.1f, 0.9f, false); return t[0]; });
        compareUpdate("sgd momentum velocity", (b, t) -> { b.sgdUpdate(t[0], t[1], t[2], 0.1f, 0.9f, false); return t[2]; });
        compareUpdate("sgd nesterov", (b, t) -> { b.sgdUpdate(t[0], t[1], t[2], 0.1f, 0.9f, true); return t[0]; });
        compareUpdate("adam", (b, t) -> { b.adamUpdate(t[0], t[1], t[2], t[3], 1e-3f, 0.9f, 0.999f, 1e-7f, 3); return t[0]; });
        compareUpdate("adam v", (b, t) -> { b.adamUpdate(t[0], t[1], t[2], t[3], 1e-3f, 0.9f, 0.999f, 1e-7f, 3); return t[3]; });
        compareUpdate("rmsprop", (b, t) -> { b.rmspropUpdate(t[0], t[1], t[2], null, 1e-3f, 0.9f, 0f, 1e-7f); return t[0]; });
        compareUpdate("rmsprop momentum", (b, t) -> { b.rmspropUpdate(t[0], t[1], t[2], t[3], 1e-3f, 0.9f, 0.5f, 1e-7f); return t[0]; });
    }

    @Test
    void memoryOpsRoundTrip() {
        CudaBackend cuda = GpuBackends.cuda();
        float[] data = random(1000, 50, -1f, 1f);
        try (Scope s = Scope.open()) {
            Tensor t = cuda.fromArray(Shape.of(10, 10), data, 100);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 100, 200), t.toArray());
            assertArrayEquals(t.toArray(), cuda.copy(t).toArray());
            assertArrayEquals(new float[6], cuda.zeros(Shape.of(2, 3)).toArray());
            assertArrayEquals(new float[] {-2.5f, -2.5f}, cuda.full(Shape.of(2), -2.5f).toArray());
            assertEquals(0, cuda.empty(Shape.of(0, 5)).toArray().length);
        }
    }

    @Test
    void aRepeatedStepAllocatesNothingFromTheDriver() {
        CudaBackend cuda = GpuBackends.cuda();
        Conv2dGeometry g = Conv2dGeometry.of(32, 28, 28, 1, 20, 5, 5, 1, 1, Padding.VALID);
        Runnable step = () -> {
            try (Scope s = Scope.open()) {
                Tensor x = in(cuda, Shape.of(32, 28, 28, 1), 60), w = in(cuda, Shape.of(20, 5, 5, 1), 61);
                Tensor y = cuda.activation(ActivationKind.RELU, 0f, cuda.conv2d(x, w, g));
                Tensor dw = cuda.conv2dBackwardFilter(x, y, g);
                cuda.sum(dw).item();
            }
        };
        step.run();
        long after = cuda.driverAllocations();
        step.run();
        step.run();
        assertEquals(after, cuda.driverAllocations());
    }
}
