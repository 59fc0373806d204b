package dev.myelin.tensor;

import dev.myelin.backend.Backend;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The batch-normalization ops and {@code scaleLastAxis}: forward against the formula written out in
 * double, and gradients against finite differences ({@link GradientCheck}) at odd sizes.
 * Forward tolerance 1e-5 relative: a handful of float32 operations per element on O(1) values.
 */
class NormalizationOpsTest {
    private final Backend be = new CpuBackend();
    private static final float EPSILON = 1e-3f;

    /** Per-channel mean and biased variance of {@code (rows, C)}, in double. */
    private static double[][] moments(float[] x, int rows, int c) {
        double[] mean = new double[c], var = new double[c];
        for (int r = 0; r < rows; r++) for (int j = 0; j < c; j++) mean[j] += x[r * c + j];
        for (int j = 0; j < c; j++) mean[j] /= rows;
        for (int r = 0; r < rows; r++) for (int j = 0; j < c; j++) var[j] += Math.pow(x[r * c + j] - mean[j], 2);
        for (int j = 0; j < c; j++) var[j] /= rows;
        return new double[][] {mean, var};
    }

    private static void assertClose(String what, double expected, float actual) {
        assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void trainingNormalizesWithTheBatchsBiasedStatistics() {
        Shape s = Shape.of(3, 5, 7, 3);   // 105 rows of 3 channels
        int rows = 105, c = 3;
        float[] x = GradientCheck.random(s, 1);
        for (int i = 0; i < x.length; i++) x[i] = 4f + 3f * x[i];   // a mean far from zero
        float[] gamma = {0.5f, -1.5f, 2f}, beta = {0.1f, 0f, -0.3f};
        double[][] m = moments(x, rows, c);
        try (Scope scope = Scope.open()) {
            Tensor[] out = Ops.batchNormTraining(be.fromArray(s, x, 0), be.fromArray(Shape.of(c), gamma, 0),
                    be.fromArray(Shape.of(c), beta, 0), EPSILON);
            float[] y = out[0].toArray(), mean = out[1].toArray(), invStd = out[2].toArray();
            for (int j = 0; j < c; j++) {
                assertClose("mean " + j, m[0][j], mean[j]);
                assertClose("invStd " + j, 1 / Math.sqrt(m[1][j] + EPSILON), invStd[j]);
            }
            for (int i = 0; i < x.length; i++) {
                int j = i % c;
                assertClose("y " + i, (x[i] - m[0][j]) / Math.sqrt(m[1][j] + EPSILON) * gamma[j] + beta[j], y[i]);
            }
        }
    }

    @Test
    void inferenceUsesTheGivenStatistics() {
        Shape s = Shape.of(4, 5);
        float[] x = GradientCheck.random(s, 2);
        float[] gamma = {1f, 2f, 0.5f, -1f, 3f}, beta = {0f, 1f, -1f, 0.5f, 0.25f};
        float[] mean = {0.1f, -0.2f, 0.3f, 0f, 1f}, var = {1f, 0.5f, 2f, 0.01f, 3f};
        try (Scope scope = Scope.open()) {
            Shape c = Shape.of(5);
            float[] y = Ops.batchNormInference(be.fromArray(s, x, 0), be.fromArray(c, gamma, 0), be.fromArray(c, beta, 0),
                    be.fromArray(c, mean, 0), be.fromArray(c, var, 0), EPSILON).toArray();
            for (int i = 0; i < x.length; i++) {
                int j = i % 5;
                assertClose("y " + i, (x[i] - mean[j]) / Math.sqrt(var[j] + EPSILON) * gamma[j] + beta[j], y[i]);
            }
        }
    }

    /**
     * Many blocks of rows (the CPU backend cuts the rows into blocks of about 4096 elements, the
     * last one short) and channel counts off the vector widths, a mean of 100 against a spread
     * of 1 (a mean near zero would hide a merge of the blocks' variances that forgot their means):
     * forward and backward against the closed form written out in double,
     * {@code dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat))}. Tolerance 1e-4 of the
     * larger of 1 and the value (float32 values, the sums in double); {@code dgamma} also 1e-5 of
     * {@code |sum(dy)|}: xhat is computed in float from the float mean, which at 100 is off by up to
     * half an ulp, 3.8e-6, so every xhat of a channel by the same 3.8e-6 * invStd (invStd about 1.7),
     * and {@code dgamma = sum(dy * xhat)} by that times {@code sum(dy)}.
     */
    @Test
    void trainingAcrossManyBlocksAgainstTheClosedForm() {
        for (int c : new int[] {1, 13, 16, 17, 40}) {
            int rows = 3 * 29 * 31;   // 2697 rows: one block up to many, the last one short
            Shape s = Shape.of(3, 29, 31, c), ch = Shape.of(c);
            float[] x = GradientCheck.random(s, 11 + c), dy = GradientCheck.random(s, 12 + c), gamma = GradientCheck.random(ch, 13);
            for (int i = 0; i < x.length; i++) x[i] = 100f + x[i];
            float[] beta = GradientCheck.random(ch, 14);
            double[][] m = moments(x, rows, c);
            double[] sumDy = new double[c], sumDyXhat = new double[c], inv = new double[c];
            for (int j = 0; j < c; j++) inv[j] = 1 / Math.sqrt(m[1][j] + EPSILON);
            for (int i = 0; i < x.length; i++) {
                int j = i % c;
                sumDy[j] += dy[i];
                sumDyXhat[j] += dy[i] * (x[i] - m[0][j]) * inv[j];
            }
            try (Scope scope = Scope.open()) {
                Tensor xt = be.fromArray(s, x, 0).requiresGrad(true), g = be.fromArray(ch, gamma, 0).requiresGrad(true);
                Tensor b = be.fromArray(ch, beta, 0).requiresGrad(true);
                Tensor[] out = Ops.batchNormTraining(xt, g, b, EPSILON);
                Ops.sum(Ops.mul(out[0], be.fromArray(s, dy, 0))).backward();
                float[] y = out[0].toArray(), dx = xt.grad().toArray(), mean = out[1].toArray(), invStd = out[2].toArray();
                float[] dgamma = g.grad().toArray(), dbeta = b.grad().toArray();
                for (int j = 0; j < c; j++) {
                    assertEquals(m[0][j], mean[j], 1e-4 * m[0][j], c + " channels, mean " + j);
                    assertEquals(inv[j], invStd[j], 1e-4 * inv[j], c + " channels, invStd " + j);
                    assertEquals(sumDy[j], dbeta[j], 1e-4 * Math.max(1, Math.abs(sumDy[j])), c + " channels, dbeta " + j);
                    assertEquals(sumDyXhat[j], dgamma[j], 1e-4 * Math.max(1, Math.abs(sumDyXhat[j])) + 1e-5 * Math.abs(sumDy[j]), c + " channels, dgamma " + j);
                }
                for (int i = 0; i < x.length; i++) {
                    int j = i % c;
                    double xhat = (x[i] - m[0][j]) * inv[j];
                    double expectDx = gamma[j] * inv[j] * (dy[i] - sumDy[j] / rows - xhat * sumDyXhat[j] / rows);
                    assertEquals(xhat * gamma[j] + beta[j], y[i], 1e-4 * Math.max(1, Math.abs(xhat * gamma[j] + beta[j])), c + " channels, y " + i);
                    assertEquals(expectDx, dx[i], 1e-4 * Math.max(1, Math.abs(expectDx)), c + " channels, dx " + i);
                }
            }
        }
    }

    private void check(String what, java.util.function.Function<Tensor[], Tensor> f, Shape[] shapes, long seed) {
        float[][] values = new float[shapes.length][];
        boolean[] all = new boolean[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            values[i] = GradientCheck.random(shapes[i], seed + i);
            all[i] = true;
        }
        GradientCheck.check(be, what, f, shapes, values, all);
    }

    @Test
    void trainingGradientsAtOddSizes() {
        for (Shape s : new Shape[] {Shape.of(7, 3), Shape.of(2, 3, 5, 4), Shape.of(3, 1, 1, 1)}) {
            Shape c = Shape.of(s.dim(-1));
            check("batchNormTraining " + s, in -> Ops.batchNormTraining(in[0], in[1], in[2], EPSILON)[0],
                    new Shape[] {s, c, c}, 3);
        }
    }

    @Test
    void inferenceGradientsWithRespectToInputGammaAndBeta() {
        Shape s = Shape.of(3, 2, 5), c = Shape.of(5);
        float[] mean = {0.1f, -0.2f, 0.3f, 0f, 0.5f}, var = {1f, 0.5f, 2f, 0.2f, 3f};
        check("batchNormInference " + s, in -> Ops.batchNormInference(in[0], in[1], in[2], be.fromArray(c, mean, 0),
                be.fromArray(c, var, 0), EPSILON), new Shape[] {s, c, c}, 4);
    }

    @Test
    void scaleLastAxisForwardAndGradients() {
        Shape s = Shape.of(3, 7), c = Shape.of(7);
        float[] x = GradientCheck.random(s, 5), k = GradientCheck.random(c, 6);
        try (Scope scope = Scope.open()) {
            float[] y = Ops.scaleLastAxis(be.fromArray(s, x, 0), be.fromArray(c, k, 0)).toArray();
            for (int i = 0; i < x.length; i++) assertEquals(x[i] * k[i % 7], y[i], 0f, "y " + i);
        }
        check("scaleLastAxis", in -> Ops.scaleLastAxis(in[0], in[1]), new Shape[] {s, c}, 7);
    }

    private static float[] floats(com.google.gson.JsonObject o, String key) {
        com.google.gson.JsonArray a = o.getAsJsonArray(key);
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsFloat();
        return v;
    }

    /**
     * Against PyTorch 1.13 (fixtures/batch_norm.py, in float64): training-mode forward and backward
     * on NHWC (2, 3, 5, 4), and the batch moments behind the moving averages. Tolerance 1e-5 of the
     * larger of 1 and the value: float32 arithmetic over 30 rows per channel.
     */
    @Test
    void trainingMatchesPyTorch() throws Exception {
        com.google.gson.JsonObject f;
        try (var in = getClass().getResourceAsStream("/fixtures/batch_norm.json")) {
            f = com.google.gson.JsonParser.parseReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))
                    .getAsJsonObject();
        }
        Shape s = Shape.of(2, 3, 5, 4), c = Shape.of(4);
        float epsilon = f.get("epsilon").getAsFloat();
        try (Scope scope = Scope.open()) {
            Tensor x = be.fromArray(s, floats(f, "x"), 0).requiresGrad(true);
            Tensor gamma = be.fromArray(c, floats(f, "gamma"), 0).requiresGrad(true);
            Tensor beta = be.fromArray(c, floats(f, "beta"), 0).requiresGrad(true);
            Tensor[] out = Ops.batchNormTraining(x, gamma, beta, epsilon);
            Ops.sum(Ops.mul(out[0], be.fromArray(s, floats(f, "dy"), 0))).backward();
            String[] names = {"y", "dx", "dgamma", "dbeta", "mean"};
            float[][] got = {out[0].toArray(), x.grad().toArray(), gamma.grad().toArray(), beta.grad().toArray(), out[1].toArray()};
            for (int k = 0; k < names.length; k++) {
                float[] expected = floats(f, names[k]);
                for (int i = 0; i < expected.length; i++) assertClose(names[k] + " " + i, expected[i], got[k][i]);
            }
            float[] invStd = out[2].toArray(), variance = floats(f, "biased_variance");
            for (int j = 0; j < 4; j++) assertClose("invStd " + j, 1 / Math.sqrt(variance[j] + epsilon), invStd[j]);
        }
    }
}
