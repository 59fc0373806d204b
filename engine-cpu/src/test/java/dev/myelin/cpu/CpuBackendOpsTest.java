package dev.myelin.cpu;

import dev.myelin.backend.AccuracyKind;
import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import static dev.myelin.cpu.Reference.assertClose;
import static dev.myelin.cpu.Reference.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every SPI op but convolution and pooling (see their own tests) against a plain reference in
 * double. Sizes include 1 and odd ones, and 70,001 elements, which splits across threads.
 * Tolerance 1e-5 relative (a few float32 ulps) unless a test says why it needs more.
 */
class CpuBackendOpsTest {
    private static final double TOLERANCE = 1e-5;
    private static final int[] SIZES = {1, 7, 13, 70_001};
    private final CpuBackend be = new CpuBackend();
    private Scope scope;

    @BeforeEach
    void open() { scope = Scope.open(); }

    @AfterEach
    void close() { scope.close(); }

    private Tensor t(float[] v, int... dims) { return be.fromArray(Shape.of(dims), v, 0); }

    // ---- memory ----------------------------------------------------------------------------

    @Test
    void memoryOps() {
        float[] v = random(13, 1);
        assertArrayEquals(new float[6], be.zeros(Shape.of(2, 3)).toArray());
        assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f}, be.full(Shape.of(3), 2.5f).toArray());
        assertArrayEquals(java.util.Arrays.copyOfRange(v, 3, 9), be.fromArray(Shape.of(2, 3), v, 3).toArray());
        Tensor x = t(v, 13);
        Tensor c = be.copy(x);
        be.full(Shape.of(13), 9f); // reuse of pooled arrays must not touch the copy
        assertArrayEquals(v, c.toArray());
        float[] dst = new float[15];
        be.copyToArray(x, dst, 2);
        assertArrayEquals(v, java.util.Arrays.copyOfRange(dst, 2, 15));
        Tensor target = be.zeros(Shape.of(13));
        be.copyInto(x, target);
        assertArrayEquals(v, target.toArray());
        be.addInPlace(target, x, -0.5f);
        double[] half = new double[13];
        for (int i = 0; i < 13; i++) half[i] = 0.5 * v[i];
        assertClose("addInPlace", half, target.toArray(), TOLERANCE);
        assertEquals(Shape.SCALAR, be.full(Shape.SCALAR, 1f).shape());
    }

    // ---- dense algebra -----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"1,1,1", "3,7,13", "13,1,7", "64,50,10"})
    void matmulAllTranspositions(String mkn) {
        String[] p = mkn.split(",");
        int m = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), n = Integer.parseInt(p[2]);
        float[] a = random(m * k, 2), b = random(k * n, 3);
        double[] expected = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int q = 0; q < k; q++) expected[i * n + j] += (double) a[i * k + q] * b[q * n + j];
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor at = ta ? t(transpose(a, m, k), k, m) : t(a, m, k);
                Tensor bt = tb ? t(transpose(b, k, n), n, k) : t(b, k, n);
                Tensor c = be.matmul(at, ta, bt, tb);
                assertEquals(Shape.of(m, n), c.shape());
                assertClose("matmul ta=" + ta + " tb=" + tb + " " + mkn, expected, c.toArray(), 1e-4);
            }
        }
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
        return t;
    }

    @Test
    void biasAddAndItsBackward() {
        int rows = 1001, cols = 7;
        float[] x = random(rows * cols, 4), bias = random(cols, 5);
        double[] y = new double[rows * cols], colSums = new double[cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                y[r * cols + c] = x[r * cols + c] + bias[c];
                colSums[c] += x[r * cols + c];
            }
        Tensor xt = t(x, 13, 77, cols);
        assertClose("addBias", y, be.addBias(xt, t(bias, cols)).toArray(), TOLERANCE);
        assertClose("sumToLastAxis", colSums, be.sumToLastAxis(xt).toArray(), 1e-4); // 1001-term sums
    }

    @Test
    void biasAddOverRowsSplitAcrossThreadsAtOddRows() {
        int rows = 20006, cols = 20; // two threads split at row 10003, inside a block of 8 bias rows
        float[] x = random(rows * cols, 7), bias = random(cols, 8);
        double[] y = new double[rows * cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) y[r * cols + c] = x[r * cols + c] + bias[c];
        assertClose("addBias", y, be.addBias(t(x, rows, cols), t(bias, cols)).toArray(), TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(value = ActivationKind.class, names = {"RELU", "LINEAR", "TANH"})
    void biasAndActivationInOnePassGiveTheBitsOfTheTwoOps(ActivationKind kind) {
        // Relu and linear run fused (max(x + b, 0) written out below); tanh as the two ops. 20006
        // rows split across threads. Exact: one float add and one max per element, as the two ops.
        int rows = 20006, cols = 20;
        float[] x = random(rows * cols, 9), bias = random(cols, 10);
        x[0] = Float.NaN;
        x[1] = -bias[1]; // x + b = 0
        float[] expected = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float sum = x[r * cols + c] + bias[c];
                expected[r * cols + c] = switch (kind) {
                    case RELU -> Math.max(sum, 0f);
                    case LINEAR -> sum;
                    default -> (float) Math.tanh(sum);
                };
            }
        }
        Tensor xt = t(x, rows, cols), bt = t(bias, cols);
        assertArrayEquals(expected, be.addBiasActivation(xt, bt, kind, 0f).toArray());
        assertArrayEquals(be.activation(kind, 0f, be.addBias(xt, bt)).toArray(), be.addBiasActivation(xt, bt, kind, 0f).toArray());
    }

    @Test
    void columnSumsSpanningManyRowBlocks() {
        int rows = 5003, cols = 20; // about 16K floats per row block: 7 blocks, the last one short
        float[] x = random(rows * cols, 6);
        double[] colSums = new double[cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) colSums[c] += x[r * cols + c];
        // Accumulated in double and rounded to float once: within a float's rounding (6e-8) of the exact sum.
        assertClose("sumToLastAxis", colSums, be.sumToLastAxis(t(x, rows, cols)).toArray(), 1e-6);
    }

    @Test
    void columnSumsAfterALargerOneStartFromZero() {
        // The partial sums are scratch kept between calls: a smaller sum after a larger one (7
        // blocks of 20 columns) must not pick up what the larger one left there.
        int rows = 7, cols = 13;
        float[] large = random(5003 * 20, 9), small = random(rows * cols, 10);
        be.sumToLastAxis(t(large, 5003, 20));
        double[] colSums = new double[cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) colSums[c] += small[r * cols + c];
        assertClose("sumToLastAxis", colSums, be.sumToLastAxis(t(small, rows, cols)).toArray(), 1e-6);
        be.sum(t(large, 5003 * 20));
        double total = 0;
        for (float v : small) total += v;
        assertEquals((float) total, be.sum(t(small, rows * cols)).item(), 1e-6f * Math.abs((float) total));
    }

    // ---- activations -------------------------------------------------------------------------

    private static double phi(double x) { return 0.5 * (1 + Reference.erf(x / Math.sqrt(2))); }

    private static DoubleUnaryOperator activation(ActivationKind kind, double alpha) {
        return switch (kind) {
            case LINEAR -> x -> x;
            case RELU -> x -> Math.max(x, 0);
            case SIGMOID -> x -> 1 / (1 + Math.exp(-x));
            case TANH -> Math::tanh;
            case LEAKY_RELU -> x -> x >= 0 ? x : alpha * x;
            case ELU -> x -> x > 0 ? x : alpha * (Math.exp(x) - 1);
            case GELU -> x -> x * phi(x);
            // Keras 3's definitions (keras/src/activations/activations.py), written out plainly.
            case SELU -> x -> 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.exp(x) - 1));
            case SWISH -> x -> x / (1 + Math.exp(-x));
            case SOFTPLUS -> x -> Math.log(1 + Math.exp(x));
            case SOFTSIGN -> x -> x / (1 + Math.abs(x));
            case HARD_SIGMOID -> x -> Math.max(0, Math.min(6, x + 3)) / 6; // relu6(x + 3) / 6
            case EXPONENTIAL -> Math::exp;
            case MISH -> x -> x * Math.tanh(Math.log(1 + Math.exp(x)));
            case GELU_TANH -> x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * Math.pow(x, 3))));
            case GAUSSIAN -> x -> Math.exp(-x * x);
        };
    }

    private static DoubleUnaryOperator derivative(ActivationKind kind, double alpha) {
        return switch (kind) {
            case LINEAR -> x -> 1;
            case RELU -> x -> x > 0 ? 1 : 0;
            case SIGMOID -> x -> Math.exp(-x) / Math.pow(1 + Math.exp(-x), 2);
            case TANH -> x -> 1 / Math.pow(Math.cosh(x), 2);
            case LEAKY_RELU -> x -> x >= 0 ? 1 : alpha;
            case ELU -> x -> x > 0 ? 1 : alpha * Math.exp(x);
            case GELU -> x -> phi(x) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            // The rest: central differences of the forward formula in double, the step at most 1e-5
            // (error ~1e-10) and under a quarter of the distance to the kinks at 0 and +-3 (selu,
            // softsign, hard sigmoid), never below 1e-9 (rounding error ~1e-7; far below the 2e-6 checked).
            default -> x -> {
                DoubleUnaryOperator f = activation(kind, alpha);
                double kink = Math.min(Math.abs(x), Math.min(Math.abs(x - 3), Math.abs(x + 3)));
                double h = Math.max(1e-9, Math.min(1e-5, kink / 4));
                return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
            };
        };
    }

    @ParameterizedTest
    @EnumSource(ActivationKind.class)
    void activationsForwardAndBackward(ActivationKind kind) {
        float alpha = 0.3f;
        for (int n : SIZES) {
            float[] x = random(n, 6), dy = random(n, 7);
            for (int i = 0; i < n; i++) x[i] *= 6; // reach the tails
            double[] y = new double[n], dx = new double[n];
            DoubleUnaryOperator f = activation(kind, alpha), df = derivative(kind, alpha);
            for (int i = 0; i < n; i++) {
                y[i] = f.applyAsDouble(x[i]);
                dx[i] = dy[i] * df.applyAsDouble(x[i]);
            }
            Tensor xt = t(x, n), yt = be.activation(kind, alpha, xt);
            // GELU's erf approximation is accurate to 1.2e-7 relative of erfc, ~1e-6 of the result.
            assertClose(kind + " n=" + n, y, yt.toArray(), 2e-6);
            assertClose(kind + " backward n=" + n, dx, be.activationBackward(kind, alpha, xt, yt, t(dy, n)).toArray(), 2e-6);
        }
    }

    @Test
    void sigmoidAndGeluStayFiniteAtExtremes() {
        float[] x = {-1000f, -100f, 100f, 1000f};
        assertArrayEquals(new float[] {0f, 0f, 1f, 1f}, be.activation(ActivationKind.SIGMOID, 0, t(x, 4)).toArray(), 1e-30f);
        assertArrayEquals(new float[] {-0f, -0f, 100f, 1000f}, be.activation(ActivationKind.GELU, 0, t(x, 4)).toArray(), 0f);
    }

    // ---- softmax -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 13})
    void softmaxAndLogSoftmaxWithBackward(int cols) {
        int rows = 7;
        float[] x = random(rows * cols, 8), dy = random(rows * cols, 9);
        for (int i = 0; i < x.length; i++) x[i] = x[i] * 20 + 500; // large logits: must not overflow
        double[] sm = new double[x.length], lsm = new double[x.length], dSm = new double[x.length], dLsm = new double[x.length];
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[o + j]);
            for (int j = 0; j < cols; j++) sum += Math.exp(x[o + j] - max);
            for (int j = 0; j < cols; j++) {
                sm[o + j] = Math.exp(x[o + j] - max) / sum;
                lsm[o + j] = x[o + j] - max - Math.log(sum);
            }
            for (int i = 0; i < cols; i++) // the Jacobian written out: d sm_j / d x_i = sm_j (delta_ij - sm_i)
                for (int j = 0; j < cols; j++) {
                    double delta = i == j ? 1 : 0;
                    dSm[o + i] += dy[o + j] * sm[o + j] * (delta - sm[o + i]);
                    dLsm[o + i] += dy[o + j] * (delta - sm[o + i]);
                }
        }
        Tensor xt = t(x, rows, cols), dyt = t(dy, rows, cols);
        Tensor y = be.softmax(xt), ly = be.logSoftmax(xt);
        assertClose("softmax", sm, y.toArray(), TOLERANCE);
        // log-softmax of logits near 500 loses float32's absolute precision there (ulp(500) = 3e-5).
        assertClose("logSoftmax", lsm, ly.toArray(), 1e-4);
        assertClose("softmax backward", dSm, be.softmaxBackward(y, dyt).toArray(), 1e-5);
        assertClose("logSoftmax backward", dLsm, be.logSoftmaxBackward(ly, dyt).toArray(), 1e-4);
    }

    // ---- losses --------------------------------------------------------------------------------

    @Test
    void softmaxCrossEntropySparseAndDense() {
        int rows = 5, cols = 4;
        float[] x = random(rows * cols, 10), labels = {0, 3, 2, 1, 3};
        x[1] = 1000f; // a huge logit: the loss of row 0 must stay finite
        float[] oneHot = new float[rows * cols];
        float[] soft = random(rows * cols, 11);
        for (int r = 0; r < rows; r++) {
            oneHot[r * cols + (int) labels[r]] = 1;
            double s = 0;
            for (int j = 0; j < cols; j++) s += soft[r * cols + j] = Math.abs(soft[r * cols + j]);
            for (int j = 0; j < cols; j++) soft[r * cols + j] /= (float) s;
        }
        float[] dLoss = random(rows, 12);
        for (float[] z : new float[][] {oneHot, soft}) {
            double[] loss = new double[rows], dx = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < cols; j++) max = Math.max(max, x[o + j]);
                for (int j = 0; j < cols; j++) sum += Math.exp(x[o + j] - max);
                for (int j = 0; j < cols; j++) {
                    double logP = x[o + j] - max - Math.log(sum);
                    loss[r] -= z[o + j] * logP;
                    dx[o + j] = dLoss[r] * (Math.exp(logP) - z[o + j]);
                }
            }
            Tensor xt = t(x, rows, cols), dl = t(dLoss, rows);
            Tensor zt = z == oneHot ? t(labels, rows) : t(z, rows, cols);
            boolean sparse = z == oneHot;
            // Logits near 1000 carry ulp(1000) = 6e-5 absolute rounding into the loss.
            assertClose("softmaxCrossEntropy sparse=" + sparse, loss, be.softmaxCrossEntropy(xt, zt, sparse).toArray(), 2e-4);
            assertClose("softmaxCrossEntropy backward sparse=" + sparse, dx,
                    be.softmaxCrossEntropyBackward(xt, zt, sparse, dl).toArray(), TOLERANCE);
            if (sparse) { // dense one-hot labels must agree with the sparse form
                assertClose("dense one-hot", loss, be.softmaxCrossEntropy(xt, t(oneHot, rows, cols), false).toArray(), 2e-4);
            }
        }
    }

    @Test
    void sparseLabelOutsideTheClassesIsAClearError() {
        Tensor x = t(random(6, 13), 2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> be.softmaxCrossEntropy(x, t(new float[] {1, 3}, 2), true));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("label 3.0 of sample 1"), e.getMessage());
    }

    @Test
    void sigmoidCrossEntropyIsStable() {
        float[] x = random(13, 14), z = random(13, 15), dy = random(13, 16);
        for (int i = 0; i < 13; i++) { x[i] *= 8; z[i] = Math.abs(z[i]); }
        x[0] = 200f; z[0] = 0f;    // -log(1 - sigmoid(200)) = 200, not infinity
        x[1] = -200f; z[1] = 1f;   // -log(sigmoid(-200)) = 200
        double[] loss = new double[13], dx = new double[13];
        for (int i = 0; i < 13; i++) {
            double lp = -Math.log1p(Math.exp(-x[i])), lq = -x[i] + lp; // log s(x), log(1 - s(x))
            if (Math.abs(x[i]) > 50) { lp = Math.min(x[i], 0) ; lq = Math.min(-x[i], 0); }
            loss[i] = -z[i] * lp - (1 - z[i]) * lq;
            dx[i] = dy[i] * (1 / (1 + Math.exp(-x[i])) - z[i]);
        }
        Tensor xt = t(x, 13), zt = t(z, 13);
        assertClose("sigmoidCrossEntropy", loss, be.sigmoidCrossEntropy(xt, zt).toArray(), TOLERANCE);
        assertClose("sigmoidCrossEntropy backward", dx, be.sigmoidCrossEntropyBackward(xt, zt, t(dy, 13)).toArray(), TOLERANCE);
    }

    // ---- elementwise -------------------------------------------------------------------------

    private static DoubleUnaryOperator unary(UnaryOp op) {
        return switch (op) {
            case NEG -> x -> -x;
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case ABS -> Math::abs;
            case SQUARE -> x -> x * x;
            case SQRT -> Math::sqrt;
            case SIGN -> Math::signum;
            case RECIPROCAL -> x -> 1 / x;
        };
    }

    private static DoubleUnaryOperator unaryDerivative(UnaryOp op) {
        return switch (op) {
            case NEG -> x -> -1;
            case EXP -> Math::exp;
            case LOG, RECIPROCAL -> op == UnaryOp.LOG ? x -> 1 / x : x -> -1 / (x * x);
            case ABS -> Math::signum;
            case SQUARE -> x -> 2 * x;
            case SQRT -> x -> 0.5 / Math.sqrt(x);
            case SIGN -> x -> 0;
        };
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryForwardAndBackward(UnaryOp op) {
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RECIPROCAL;
        for (int n : SIZES) {
            float[] x = random(n, 17), dy = random(n, 18);
            if (positive) for (int i = 0; i < n; i++) x[i] = 0.1f + Math.abs(x[i]);
            double[] y = new double[n], dx = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = unary(op).applyAsDouble(x[i]);
                dx[i] = dy[i] * unaryDerivative(op).applyAsDouble(x[i]);
            }
            Tensor xt = t(x, n), yt = be.unary(op, xt);
            assertClose(op + " n=" + n, y, yt.toArray(), TOLERANCE);
            assertClose(op + " backward n=" + n, dx, be.unaryBackward(op, xt, yt, t(dy, n)).toArray(), TOLERANCE);
        }
    }

    private static DoubleBinaryOperator binary(BinaryOp op) {
        return switch (op) {
            case ADD -> Double::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case MAX -> Math::max;
            case MIN -> Math::min;
        };
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryWithEqualShapesAndBroadcast(BinaryOp op) {
        for (int n : SIZES) {
            float[] a = random(n, 19), b = random(n, 20), s = {0.7f};
            double[] same = new double[n], right = new double[n], left = new double[n];
            for (int i = 0; i < n; i++) {
                same[i] = binary(op).applyAsDouble(a[i], b[i]);
                right[i] = binary(op).applyAsDouble(a[i], s[0]);
                left[i] = binary(op).applyAsDouble(s[0], b[i]);
            }
            // DIV by values near zero reaches 1e6: compare relatively (the helper does above 1).
            assertClose(op + " n=" + n, same, be.binary(op, t(a, n), t(b, n)).toArray(), TOLERANCE);
            Tensor r = be.binary(op, t(a, n), t(s));
            assertEquals(Shape.of(n), r.shape());
            assertClose(op + " broadcast right n=" + n, right, r.toArray(), TOLERANCE);
            Tensor l = be.binary(op, t(s), t(b, n));
            assertEquals(Shape.of(n), l.shape());
            assertClose(op + " broadcast left n=" + n, left, l.toArray(), TOLERANCE);
        }
    }

    @ParameterizedTest
    @EnumSource(ScalarOp.class)
    void scalarOps(ScalarOp op) {
        for (float s : new float[] {2f, 0.5f, -1.5f}) {
            float[] x = random(13, 21);
            if (op == ScalarOp.POW) for (int i = 0; i < 13; i++) x[i] = 0.1f + Math.abs(x[i]);
            double[] y = new double[13];
            for (int i = 0; i < 13; i++) {
                y[i] = switch (op) {
                    case ADD -> x[i] + s;
                    case MUL -> x[i] * s;
                    case RSUB -> s - x[i];
                    case RDIV -> s / x[i];
                    case POW -> Math.pow(x[i], s);
                    case MAX -> Math.max(x[i], s);
                    case MIN -> Math.min(x[i], s);
                };
            }
            assertClose(op + " " + s, y, be.scalar(op, t(x, 13), s).toArray(), TOLERANCE);
        }
    }

    // ---- reductions --------------------------------------------------------------------------

    @Test
    void reductions() {
        for (int n : SIZES) {
            float[] x = random(n, 22);
            double sum = 0;
            for (float v : x) sum += v;
            Tensor s = be.sum(t(x, n));
            assertEquals(Shape.SCALAR, s.shape());
            assertEquals(sum, s.item(), 1e-5 * Math.max(1, Math.abs(sum)) + 1e-6 * Math.sqrt(n));
        }
        int rows = 6, cols = 7;
        float[] x = random(rows * cols, 23);
        x[8] = x[9] = 5f; // a tie in row 1: the first wins
        double[] rowSums = new double[rows], argmax = new double[rows], broadcast = new double[rows * 3];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int j = 0; j < cols; j++) {
                rowSums[r] += x[r * cols + j];
                if (x[r * cols + j] > x[r * cols + best]) best = j;
            }
            argmax[r] = best;
            for (int j = 0; j < 3; j++) broadcast[r * 3 + j] = x[r];
        }
        Tensor xt = t(x, 2, 3, cols);
        Tensor sums = be.sumLastAxis(xt);
        assertEquals(Shape.of(2, 3), sums.shape());
        assertClose("sumLastAxis", rowSums, sums.toArray(), TOLERANCE);
        Tensor am = be.argmaxLastAxis(xt);
        assertEquals(Shape.of(2, 3), am.shape());
        assertClose("argmaxLastAxis", argmax, am.toArray(), 0);
        assertEquals(1.0, argmax[1]);
        Tensor b = be.broadcastLastAxis(t(java.util.Arrays.copyOf(x, rows), 2, 3), 3);
        assertEquals(Shape.of(2, 3, 3), b.shape());
        assertClose("broadcastLastAxis", broadcast, b.toArray(), 0);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, be.oneHot(t(new float[] {2, 0}, 2), 3).toArray());
    }

    @Test
    void countCorrectPerAccuracyKind() {
        float[] binaryP = {0.9f, 0.2f, 0.6f, 0.4f}, binaryY = {1, 0, 0, 1};
        assertEquals(2f, be.countCorrect(AccuracyKind.BINARY, t(binaryP, 4, 1), t(binaryY, 4, 1), 0.5f).item());
        assertEquals(3f, be.countCorrect(AccuracyKind.BINARY, t(binaryP, 4), t(binaryY, 4), 0.3f).item());
        float[] p = {0.1f, 0.7f, 0.2f, /**/ 0.5f, 0.3f, 0.2f, /**/ 0.2f, 0.2f, 0.6f};
        float[] oneHot = {0, 1, 0, /**/ 0, 0, 1, /**/ 0, 0, 1};
        assertEquals(2f, be.countCorrect(AccuracyKind.CATEGORICAL, t(p, 3, 3), t(oneHot, 3, 3), 0.5f).item());
        assertEquals(2f, be.countCorrect(AccuracyKind.SPARSE_CATEGORICAL, t(p, 3, 3), t(new float[] {1, 2, 2}, 3), 0.5f).item());
    }
}
