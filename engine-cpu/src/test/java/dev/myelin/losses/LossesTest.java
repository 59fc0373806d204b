package dev.myelin.losses;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every loss: its value against a plain double-precision reference, its gradient against finite
 * differences, and the logits and probability forms against each other. Tolerance 1e-5 relative:
 * float32 sums of a few dozen terms of order one round to about 1e-6.
 */
class LossesTest {
    private static final int N = 4, C = 5;
    private final Backend be = Backends.current();

    private static float[] uniform(int n, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return v;
    }

    private static float[] classes(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] y = new float[N];
        for (int i = 0; i < N; i++) y[i] = r.nextInt(C);
        return y;
    }

    private static float[] oneHot(float[] labels) {
        float[] y = new float[N * C];
        for (int i = 0; i < N; i++) y[i * C + (int) labels[i]] = 1f;
        return y;
    }

    private double value(Loss loss, float[] yTrue, Shape trueShape, float[] yPred, Shape predShape) {
        try (Scope s = Scope.open()) {
            return loss.compute(be.fromArray(trueShape, yTrue, 0), be.fromArray(predShape, yPred, 0)).item();
        }
    }

    private void gradient(Loss loss, float[] yTrue, Shape trueShape, float[] yPred, Shape predShape) {
        GradientCheck.check(be, loss.name(), in -> loss.compute(in[0], in[1]), new Shape[] {trueShape, predShape},
                new float[][] {yTrue, yPred}, new boolean[] {false, true});
    }

    private static double[] softmax(float[] z, int row) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int j = 0; j < C; j++) max = Math.max(max, z[row * C + j]);
        double[] p = new double[C];
        for (int j = 0; j < C; j++) sum += p[j] = Math.exp(z[row * C + j] - max);
        for (int j = 0; j < C; j++) p[j] /= sum;
        return p;
    }

    private static void close(double expected, double actual) {
        assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void meanSquaredAndAbsoluteError() {
        float[] t = uniform(N * 3, -1, 1, 1), p = uniform(N * 3, 0.1, 0.6, 2);
        for (int i = 0; i < p.length; i++) p[i] = t[i] + (i % 2 == 0 ? p[i] : -p[i]); // |p - t| >= 0.1: away from |x|'s kink
        double se = 0, ae = 0;
        for (int i = 0; i < t.length; i++) {
            se += (p[i] - t[i]) * (double) (p[i] - t[i]);
            ae += Math.abs(p[i] - (double) t[i]);
        }
        Shape s = Shape.of(N, 3);
        close(se / t.length, value(new MeanSquaredError(), t, s, p, s));
        close(ae / t.length, value(new MeanAbsoluteError(), t, s, p, s));
        gradient(new MeanSquaredError(), t, s, p, s);
        gradient(new MeanAbsoluteError(), t, s, p, s);
    }

    @Test
    void regressionTargetsOfRankOneMeetOutputsOfOneUnit() {
        float[] t = {1, 2, 3, 4}, p = {1.5f, 2, 2, 4};
        close((0.25 + 0 + 1 + 0) / 4, value(new MeanSquaredError(), t, Shape.of(N), p, Shape.of(N, 1)));
    }

    @Test
    void binaryCrossentropy() {
        float[] t = {0, 1, 1, 0, 1, 0};
        float[] z = uniform(6, -3, 3, 3);
        float[] p = new float[6];
        double ref = 0;
        for (int i = 0; i < 6; i++) {
            double q = 1 / (1 + Math.exp(-z[i]));
            p[i] = (float) q;
            ref -= t[i] * Math.log(q) + (1 - t[i]) * Math.log(1 - q);
        }
        ref /= 6;
        Shape s = Shape.of(6, 1);
        close(ref, value(new BinaryCrossentropy(true), t, s, z, s));
        close(ref, value(new BinaryCrossentropy(false), t, s, p, s));
        gradient(new BinaryCrossentropy(true), t, s, z, s);
        gradient(new BinaryCrossentropy(false), t, s, uniform(6, 0.1, 0.9, 4), s);
    }

    @Test
    void binaryCrossentropyFromLogitsIsStableForLargeLogits() {
        float[] t = {1, 0}, z = {-200f, 200f};
        // log(1 + e^200) = 200 to double precision; the clipped probability form would give only -log(1e-7) ≈ 16.1.
        close(200, value(new BinaryCrossentropy(true), t, Shape.of(2, 1), z, Shape.of(2, 1)));
    }

    @Test
    void categoricalAndSparseCrossentropy() {
        float[] labels = classes(5), y = oneHot(labels);
        float[] z = uniform(N * C, -2, 2, 6);
        float[] p = new float[N * C];
        double ref = 0;
        for (int i = 0; i < N; i++) {
            double[] q = softmax(z, i);
            for (int j = 0; j < C; j++) p[i * C + j] = (float) q[j];
            ref -= Math.log(q[(int) labels[i]]);
        }
        ref /= N;
        Shape rows = Shape.of(N, C), idx = Shape.of(N);
        close(ref, value(new CategoricalCrossentropy(true), y, rows, z, rows));
        close(ref, value(new CategoricalCrossentropy(false), y, rows, p, rows));
        close(ref, value(new SparseCategoricalCrossentropy(true), labels, idx, z, rows));
        close(ref, value(new SparseCategoricalCrossentropy(false), labels, idx, p, rows));
        gradient(new CategoricalCrossentropy(true), y, rows, z, rows);
        gradient(new SparseCategoricalCrossentropy(true), labels, idx, z, rows);
        float[] probs = uniform(N * C, 0.1, 0.9, 7); // rows not summing to 1: exercises Keras's rescaling
        gradient(new CategoricalCrossentropy(false), y, rows, probs, rows);
        gradient(new SparseCategoricalCrossentropy(false), labels, idx, probs, rows);
    }

    @Test
    void probabilityFormRescalesRowsAsKeras() {
        float[] y = {0, 1}, p = {1f, 3f}; // rescaled to (0.25, 0.75)
        close(-Math.log(0.75), value(new CategoricalCrossentropy(false), y, Shape.of(1, 2), p, Shape.of(1, 2)));
    }

    @Test
    void probabilityFormClipsAsKeras() {
        float[] y = {1, 0}, p = {0f, 1f};
        close(-Math.log(1e-7), value(new CategoricalCrossentropy(false), y, Shape.of(1, 2), p, Shape.of(1, 2)));
    }

    @Test
    void mismatchedShapesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> value(new CategoricalCrossentropy(true), new float[N], Shape.of(N), new float[N * C], Shape.of(N, C)));
        assertEquals("categorical_crossentropy: one-hot labels of shape (4,) do not match outputs of shape (4, 5); "
                + "for class indices use sparse_categorical_crossentropy", e.getMessage());
    }

    @Test
    void stringForms() {
        assertEquals("mean_squared_error", Losses.get("mse").name());
        assertEquals("sparse_categorical_crossentropy", Losses.get("sparse_categorical_crossentropy").name());
        assertThrows(IllegalArgumentException.class, () -> Losses.get("hinge_loss"));
        try (Scope s = Scope.open()) {
            Tensor t = Ops.mean(be.fromArray(Shape.of(2), new float[] {1, 3}, 0));
            assertEquals(2f, t.item());
        }
    }
}
