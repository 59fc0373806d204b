package dev.myelin.model;

import dev.myelin.data.ShapedArray;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Input;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inference with batch norms folded into their convolutions ({@code dev.myelin.layers.BatchNormFold},
 * planned by {@link Graph}) against the network written out here in double: convolution, then
 * {@code (y - mean) / sqrt(variance + epsilon) * gamma + beta}, then relu. Also after the weights
 * change (set_weights, a training step): the fold must use the weights of the moment.
 *
 * <p>Tolerance: a float result of a sum of K products, each then scaled, plus a shift, is within
 * {@code (K + 8) * 2^-24} of the sum of the magnitudes of its terms (each product and the sum's K-1
 * additions round once, the scale, shift, square root and their products a few times more),
 * whether the scale is applied to the kernel (folded) or to the sum (not folded).
 */
class BatchNormFoldTest {
    private static final int H = 7, W = 6, C = 3, F1 = 5, F2 = 4;
    private static final float EPS = 1e-3f;

    private final Conv2D convA = new Conv2D(F1, 3).padding("same");
    private final Conv2D convB = new Conv2D(F2, 3).padding("same").useBias(false);
    private final Conv2D convC = new Conv2D(F2, 1).activation("relu");
    private final BatchNormalization bnA = new BatchNormalization(), bnB = new BatchNormalization(), bnC = new BatchNormalization();

    /**
     * x -> conv a (bias) -> bn a -> relu (folded, relu fused), then conv b (no bias) -> bn b (folded,
     * its output one side of an Add) plus conv c (1x1 with a relu of its own: bn c does not fold).
     */
    private Model network() {
        SymbolicTensor in = Input.of(H, W, C);
        SymbolicTensor a = new Activation("relu").apply(bnA.apply(convA.apply(in)));
        return new Model(in, new Add().apply(bnB.apply(convB.apply(a)), bnC.apply(convC.apply(a)))).seed(3);
    }

    /** Every weight drawn from [-1, 1), moving variances from [0.2, 1.2). */
    private static void randomizeWeights(Model m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> ws = new ArrayList<>();
        for (var layer : m.layers()) {
            for (Tensor w : layer.weights()) {
                boolean variance = layer instanceof BatchNormalization bn && w == bn.movingVariance();
                float[] v = new float[(int) w.size()];
                for (int i = 0; i < v.length; i++) v[i] = (float) (variance ? 0.2 + r.nextDouble() : r.nextDouble() * 2 - 1);
                ws.add(v);
            }
        }
        m.setWeights(ws);
    }

    private static float[][] bnParams(BatchNormalization bn) {
        List<Tensor> w = bn.weights(); // Keras's order: gamma, beta, moving mean, moving variance
        return new float[][] {w.get(0).toArray(), w.get(1).toArray(), w.get(2).toArray(), w.get(3).toArray()};
    }

    /** The network in double from the layers' weights now: {@code [outputs, magnitude of each output's terms]}. */
    private double[][] reference(float[] x, int n) {
        double[][] a = bnRelu(conv(x, n, convA.weights().get(0).toArray(), convA.weights().get(1).toArray(), F1, 3), n, F1,
                bnParams(bnA), true);
        double[][] b = bnRelu(conv(a[0], a[1], n, F1, convB.weights().get(0).toArray(), null, F2, 3, false), n, F2, bnParams(bnB), false);
        double[][] c = bnRelu(conv(a[0], a[1], n, F1, convC.weights().get(0).toArray(), convC.weights().get(1).toArray(), F2, 1, true),
                n, F2, bnParams(bnC), false);
        double[][] out = new double[2][b[0].length];
        for (int i = 0; i < out[0].length; i++) {
            out[0][i] = b[0][i] + c[0][i];
            out[1][i] = b[1][i] + c[1][i];
        }
        return out;
    }

    private static float[] images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * H * W * C];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    @Test
    void foldedInferenceMatchesTheNetworkWrittenOut() throws Exception {
        Model m = network();
        int n = 3;
        float[] x = images(n, 1);
        m.predict(x, Shape.of(H, W, C), n); // builds
        randomizeWeights(m, 2);
        assertTrue(m.graph().foldedNorms() == 2, "bn a and bn b fold, bn c (after a relu) does not");
        assertMatches(reference(x, n), m.predict(x, Shape.of(H, W, C), n), "predict (folded)");
        // Not folded: the same call with gradients recorded runs every layer as it is.
        try (Scope s = Scope.open()) {
            Tensor in = m.backend().fromArray(Shape.of(n, H, W, C), x, 0);
            assertTrue(Ops.recording());
            assertMatches(reference(x, n), m.call(in, false).toArray(), "call, recording (not folded)");
        }
    }

    private final Conv2D convR = new Conv2D(F1, 3).padding("same").useBias(false);
    private final BatchNormalization bnR = new BatchNormalization();

    /**
     * A residual block: s = relu(bn a(conv a(x))), then {@code bn r(conv r(s)) + s} (or {@code s +}
     * it), then a relu where asked: the Add and relu fold into conv r with bn r.
     */
    private Model residualBlock(boolean shortcutFirst, boolean relu) {
        SymbolicTensor in = Input.of(H, W, C);
        SymbolicTensor s = new Activation("relu").apply(bnA.apply(convA.apply(in)));
        SymbolicTensor r = bnR.apply(convR.apply(s));
        SymbolicTensor sum = shortcutFirst ? new Add().apply(s, r) : new Add().apply(r, s);
        return new Model(in, relu ? new Activation("relu").apply(sum) : sum).seed(7);
    }

    @Test
    void residualBlocksAddTheShortcutAndReluInTheFold() {
        for (boolean shortcutFirst : new boolean[] {false, true}) {
            for (boolean relu : new boolean[] {true, false}) {
                Model m = residualBlock(shortcutFirst, relu);
                int n = 3;
                float[] x = images(n, 8);
                m.predict(x, Shape.of(H, W, C), n);
                randomizeWeights(m, 9);
                assertTrue(m.graph().foldedNorms() == 2 && m.graph().foldedAdds() == 1, "both batch norms fold, bn r with the Add");
                double[][] s = bnRelu(conv(x, n, convA.weights().get(0).toArray(), convA.weights().get(1).toArray(), F1, 3), n, F1,
                        bnParams(bnA), true);
                double[][] r = bnRelu(conv(s[0], s[1], n, F1, convR.weights().get(0).toArray(), null, F1, 3, false), n, F1, bnParams(bnR), false);
                double[][] expected = new double[2][r[0].length];
                for (int i = 0; i < r[0].length; i++) {
                    double v = r[0][i] + s[0][i];
                    expected[0][i] = relu ? Math.max(v, 0) : v;
                    expected[1][i] = r[1][i] + s[1][i];
                }
                assertMatches(expected, m.predict(x, Shape.of(H, W, C), n), "shortcut first " + shortcutFirst + ", relu " + relu);
            }
        }
    }

    @Test
    void anAddWhoseOtherInputComesLaterIsNotFolded() {
        // The Add's first input is bn b's output, made before the second branch's conv runs; bn c's conv has a relu of its own.
        Model m = network();
        m.predict(images(1, 10), Shape.of(H, W, C), 1);
        assertTrue(m.graph().foldedAdds() == 0, "bn b's Add needs bn c's output, made after conv b");
    }

    @Test
    void foldUsesTheWeightsOfTheMomentAfterSetWeightsAndTraining() {
        Model m = network();
        int n = 2;
        float[] x = images(n, 4);
        m.predict(x, Shape.of(H, W, C), n);
        randomizeWeights(m, 5);
        m.predict(x, Shape.of(H, W, C), n);
        randomizeWeights(m, 6);
        assertMatches(reference(x, n), m.predict(x, Shape.of(H, W, C), n), "predict after setWeights");
        m.compile("sgd", "mse");
        float[] y = new float[n * H * W * F2];
        java.util.Arrays.fill(y, 0.5f);
        m.fit(ShapedArray.of(x, Shape.of(n, H, W, C)), ShapedArray.of(y, Shape.of(n, H, W, F2)), new FitOptions().epochs(1).batchSize(n).verbose(0));
        assertMatches(reference(x, n), m.predict(x, Shape.of(H, W, C), n), "predict after a training step");
    }

    private static double[][] conv(float[] x, int n, float[] kernel, float[] bias, int f, int size) {
        double[] xd = new double[x.length], mag = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
            mag[i] = Math.abs(x[i]);
        }
        return conv(xd, mag, n, C, kernel, bias, f, size, false);
    }

    /** Same-padded stride-1 convolution of NHWC {@code x}, kernel OHWI; {@code [values, magnitudes]}. */
    private static double[][] conv(double[] x, double[] xMag, int n, int c, float[] kernel, float[] bias, int f, int size, boolean relu) {
        double[] y = new double[n * H * W * f], mag = new double[y.length];
        int pad = size / 2;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < W; j++) {
                    for (int o = 0; o < f; o++) {
                        double sum = bias == null ? 0 : bias[o], m = bias == null ? 0 : Math.abs(bias[o]);
                        for (int di = 0; di < size; di++) {
                            for (int dj = 0; dj < size; dj++) {
                                int ii = i + di - pad, jj = j + dj - pad;
                                if (ii < 0 || ii >= H || jj < 0 || jj >= W) continue;
                                for (int ch = 0; ch < c; ch++) {
                                    double wv = kernel[((o * size + di) * size + dj) * c + ch];
                                    int xi = ((b * H + ii) * W + jj) * c + ch;
                                    sum += x[xi] * wv;
                                    m += xMag[xi] * Math.abs(wv);
                                }
                            }
                        }
                        int yi = ((b * H + i) * W + j) * f + o;
                        y[yi] = relu ? Math.max(sum, 0) : sum;
                        mag[yi] = m;
                    }
                }
            }
        }
        return new double[][] {y, mag};
    }

    /** {@code (y - mean) / sqrt(var + eps) * gamma + beta}, then relu when asked; p = gamma, beta, mean, variance. */
    private static double[][] bnRelu(double[][] y, int n, int f, float[][] p, boolean relu) {
        int rows = n * H * W;
        double[] out = new double[y[0].length], mag = new double[out.length];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < f; o++) {
                int i = r * f + o;
                double s = p[0][o] / Math.sqrt(p[3][o] + (double) EPS);
                double v = (y[0][i] - p[2][o]) * s + p[1][o];
                out[i] = relu ? Math.max(v, 0) : v;
                mag[i] = (y[1][i] + Math.abs(p[2][o])) * Math.abs(s) + Math.abs(p[1][o]);
            }
        }
        return new double[][] {out, mag};
    }

    /**
     * Two layers deep: each layer's bound (K = 27, then 45 taps), the first's carried through the
     * second's terms, and one rounding of a sum of the two (an Add).
     */
    private static void assertMatches(double[][] expected, float[] actual, String what) {
        double u = Math.scalb(1.0, -24);
        for (int i = 0; i < actual.length; i++) {
            double tol = (27 + 8 + 45 + 8 + 1) * u * expected[1][i];
            assertTrue(Math.abs(actual[i] - expected[0][i]) <= tol,
                    what + ": output " + i + " is " + actual[i] + ", expected " + expected[0][i] + " within " + tol);
        }
    }
}
