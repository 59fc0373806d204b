package dev.myelin.tensor;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.backend.Pool2dGeometry;
import dev.myelin.backend.PoolMode;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.Function;

/**
 * The gradient of every differentiable op in {@link Ops}, by autograd on the CPU backend, against
 * central finite differences ({@link GradientCheck}, whose comment justifies its tolerance).
 * Inputs of ops with kinks (relu, abs, max, pooling's max) are kept more than twice the step away
 * from them, so the finite difference never straddles one.
 */
class OpsGradientTest {
    private final Backend be = new CpuBackend();

    private static float[] values(Shape s, long seed) {
        return GradientCheck.random(s, seed);
    }

    /** Values with {@code |v| >= 0.1}: away from the kinks at zero. */
    private static float[] awayFromZero(Shape s, long seed) {
        float[] v = values(s, seed);
        for (int i = 0; i < v.length; i++) v[i] = Math.copySign(0.1f + Math.abs(v[i]), v[i]);
        return v;
    }

    /** Values in [0.5, 1.5): inside the domain of log, sqrt and reciprocal. */
    private static float[] positive(Shape s, long seed) {
        float[] v = values(s, seed);
        for (int i = 0; i < v.length; i++) v[i] = 1f + 0.5f * v[i];
        return v;
    }

    /** A permutation of distinct values 0.05 apart: no two elements tie within a finite-difference step. */
    private static float[] distinct(Shape s, long seed) {
        int n = s.sizeAsInt();
        float[] v = new float[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = r.nextInt(i + 1);
            v[i] = v[j];
            v[j] = (i - n / 2f) * 0.05f;
        }
        return v;
    }

    private void check(String what, Function<Tensor[], Tensor> f, Shape[] shapes, float[][] values) {
        boolean[] all = new boolean[shapes.length];
        java.util.Arrays.fill(all, true);
        GradientCheck.check(be, what, f, shapes, values, all);
    }

    private void check1(String what, Function<Tensor, Tensor> f, Shape shape, float[] values) {
        check(what, in -> f.apply(in[0]), new Shape[] {shape}, new float[][] {values});
    }

    @Test
    void matmulInEveryTransposition() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Shape a = ta ? Shape.of(4, 3) : Shape.of(3, 4), b = tb ? Shape.of(5, 4) : Shape.of(4, 5);
                check("matmul ta=" + ta + " tb=" + tb, in -> Ops.matmul(in[0], ta, in[1], tb),
                        new Shape[] {a, b}, new float[][] {values(a, 1), values(b, 2)});
            }
        }
    }

    @Test
    void addBiasAndDense() {
        Shape x = Shape.of(2, 3, 4), bias = Shape.of(4), kernel = Shape.of(4, 5), b5 = Shape.of(5);
        check("addBias", in -> Ops.addBias(in[0], in[1]), new Shape[] {x, bias}, new float[][] {values(x, 3), values(bias, 4)});
        check("dense rank 3", in -> Ops.dense(in[0], in[1], in[2]), new Shape[] {x, kernel, b5},
                new float[][] {values(x, 5), values(kernel, 6), values(b5, 7)});
        Shape x2 = Shape.of(3, 4);
        check("dense without bias", in -> Ops.dense(in[0], in[1], null), new Shape[] {x2, kernel},
                new float[][] {values(x2, 8), values(kernel, 9)});
    }

    @Test
    void conv2d() {
        for (Conv2dGeometry g : new Conv2dGeometry[] {
                Conv2dGeometry.of(2, 5, 5, 2, 3, 3, 3, 1, 1, Padding.SAME),
                Conv2dGeometry.of(2, 5, 4, 2, 2, 2, 2, 2, 2, Padding.SAME),   // asymmetric padding, stride 2
                Conv2dGeometry.of(1, 6, 6, 1, 2, 5, 5, 1, 1, Padding.VALID)}) {
            Shape x = Shape.of(g.batch(), g.inH(), g.inW(), g.inC()), w = Shape.of(g.outC(), g.kernelH(), g.kernelW(), g.inC());
            check("conv2d " + g, in -> Ops.conv2d(in[0], in[1], g), new Shape[] {x, w}, new float[][] {values(x, 10), values(w, 11)});
        }
    }

    @ParameterizedTest
    @EnumSource(PoolMode.class)
    void pool2d(PoolMode mode) {
        for (Pool2dGeometry g : new Pool2dGeometry[] {
                Pool2dGeometry.of(2, 4, 4, 2, 2, 2, 2, 2, Padding.VALID),
                Pool2dGeometry.of(1, 5, 5, 2, 3, 3, 2, 2, Padding.SAME),
                Pool2dGeometry.of(1, 5, 4, 1, 2, 2, 2, 2, Padding.SAME)}) {    // asymmetric padding
            Shape x = Shape.of(g.batch(), g.inH(), g.inW(), g.channels());
            check1(mode + " pool " + g, t -> Ops.pool2d(mode, t, g), x, distinct(x, 12));
        }
    }

    @ParameterizedTest
    @EnumSource(ActivationKind.class)
    void activations(ActivationKind kind) {
        Shape s = Shape.of(3, 5);
        float[] v = awayFromZero(s, 13);
        for (int i = 0; i < v.length; i++) v[i] *= 2; // reach the curved parts of sigmoid, tanh, elu, gelu
        check1(kind.name(), t -> Ops.activation(kind, 0.3f, t), s, v);
        if (kind == ActivationKind.LINEAR) return;
        check1(kind + " via Ops shorthand", t -> switch (kind) {
            case RELU -> Ops.relu(t);
            case SIGMOID -> Ops.sigmoid(t);
            case TANH -> Ops.tanh(t);
            default -> Ops.activation(kind, 1f, t);
        }, s, v);
    }

    @Test
    void softmaxAndLogSoftmax() {
        Shape s = Shape.of(3, 5);
        check1("softmax", Ops::softmax, s, values(s, 14));
        check1("logSoftmax", Ops::logSoftmax, s, values(s, 15));
    }

    @Test
    void fusedLosses() {
        Shape logits = Shape.of(4, 3), sparse = Shape.of(4);
        float[] x = values(logits, 16), labels = {0, 2, 1, 2}, soft = positive(logits, 17);
        boolean[] onlyLogits = {true, false};
        GradientCheck.check(be, "softmaxCrossEntropy sparse", in -> Ops.softmaxCrossEntropy(in[0], in[1], true),
                new Shape[] {logits, sparse}, new float[][] {x, labels}, onlyLogits);
        for (int r = 0; r < 4; r++) { // rows of probabilities
            float sum = soft[3 * r] + soft[3 * r + 1] + soft[3 * r + 2];
            for (int j = 0; j < 3; j++) soft[3 * r + j] /= sum;
        }
        GradientCheck.check(be, "softmaxCrossEntropy dense", in -> Ops.softmaxCrossEntropy(in[0], in[1], false),
                new Shape[] {logits, logits}, new float[][] {x, soft}, onlyLogits);
        float[] z = positive(logits, 18);
        for (int i = 0; i < z.length; i++) z[i] -= 0.5f; // targets in [0, 1)
        float[] wide = x.clone();
        for (int i = 0; i < wide.length; i++) wide[i] *= 4;
        GradientCheck.check(be, "sigmoidCrossEntropy", in -> Ops.sigmoidCrossEntropy(in[0], in[1]),
                new Shape[] {logits, logits}, new float[][] {wide, z}, onlyLogits);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryOpsWithBroadcast(BinaryOp op) {
        Shape s = Shape.of(3, 4), one = Shape.SCALAR, oneVector = Shape.of(1);
        // b in [0.5, 1.5): away from zero for DIV; a pushed 0.1 below b where they are close, so MAX/MIN never tie.
        float[] a = values(s, 19), b = positive(s, 20);
        for (int i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) < 0.1f) a[i] = b[i] - 0.1f - Math.abs(a[i]);
        check(op.name(), in -> Ops.binary(op, in[0], in[1]), new Shape[] {s, s}, new float[][] {a, b});
        check(op + " broadcast right", in -> Ops.binary(op, in[0], in[1]), new Shape[] {s, one}, new float[][] {a, {1.7f}});
        check(op + " broadcast left", in -> Ops.binary(op, in[0], in[1]), new Shape[] {oneVector, s}, new float[][] {{1.7f}, b});
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = "SIGN", mode = EnumSource.Mode.EXCLUDE) // SIGN is piecewise constant
    void unaryOps(UnaryOp op) {
        Shape s = Shape.of(2, 7);
        boolean needsPositive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RECIPROCAL;
        check1(op.name(), t -> Ops.unary(op, t), s, needsPositive ? positive(s, 21) : awayFromZero(s, 22));
    }

    @ParameterizedTest
    @EnumSource(ScalarOp.class)
    void scalarOps(ScalarOp op) {
        Shape s = Shape.of(2, 7);
        float[] x = op == ScalarOp.RDIV || op == ScalarOp.POW ? positive(s, 23) : awayFromZero(s, 24);
        float c = op == ScalarOp.POW ? 2.5f : 0.05f; // MAX/MIN clip at 0.05, which |x| >= 0.1 stays away from
        check1(op.name(), t -> Ops.scalar(op, t, c), s, x);
    }

    @Test
    void clipAndShorthands() {
        Shape s = Shape.of(2, 7);
        check1("clip", t -> Ops.clip(t, -0.05f, 0.05f), s, awayFromZero(s, 25));
        check1("addScalar", t -> Ops.addScalar(t, 3f), s, values(s, 26));
        check1("mulScalar", t -> Ops.mulScalar(t, -3f), s, values(s, 27));
        check("add/sub/mul/div/max/min shorthands",
                in -> Ops.minimum(Ops.maximum(Ops.div(Ops.mul(Ops.sub(Ops.add(in[0], in[1]), in[1]), in[1]), in[1]), in[1]), in[0]),
                new Shape[] {s, s}, new float[][] {values(s, 28), positive(s, 29)});
    }

    @Test
    void reductionsAndShapes() {
        Shape s = Shape.of(2, 3, 4);
        check1("sum", Ops::sum, s, values(s, 30));
        check1("mean", Ops::mean, s, values(s, 31));
        check1("sumLastAxis", Ops::sumLastAxis, s, values(s, 32));
        check1("meanLastAxis", Ops::meanLastAxis, s, values(s, 33));
        check1("reshape", t -> Ops.mul(t.reshape(4, -1), t.reshape(4, 6)), s, values(s, 34));
        check1("flatten", t -> Ops.square(Ops.flatten(t)), s, values(s, 35));
    }

    @Test
    void dropoutUsesOneMaskBothWays() {
        Shape s = Shape.of(4, 5);
        check1("dropout", t -> Ops.dropout(t, 0.4f, 99), s, values(s, 36));
    }
}
