package dev.myelin.losses;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras 3's losses against their formulas written out here in double precision (from
 * keras/src/losses/losses.py), per row of a small batch, then reduced as Keras reduces; gradients
 * against finite differences. Tolerance 1e-5 relative: float32 sums of a few terms of order one
 * round to about 1e-6.
 */
class KerasLossesTest {
    private static final int N = 4, D = 3;
    private static final Shape ROWS = Shape.of(N, D);
    private static final double EPS = 1e-7;
    private final Backend be = Backends.current();

    private static float[] uniform(int n, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return v;
    }

    private static double[] row(float[] v, int i) {
        double[] r = new double[D];
        for (int j = 0; j < D; j++) r[j] = v[i * D + j];
        return r;
    }

    /** The per-row reference values. */
    private static double[] perRow(float[] t, float[] p, BiFunction<double[], double[], Double> f) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) v[i] = f.apply(row(t, i), row(p, i));
        return v;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private float[] values(Loss loss, float[] t, Shape ts, float[] p, Shape ps, float[] weights) {
        try (Scope s = Scope.open()) {
            Tensor w = weights == null ? null : be.fromArray(Shape.of(weights.length), weights, 0);
            return loss.compute(be.fromArray(ts, t, 0), be.fromArray(ps, p, 0), w).toArray();
        }
    }

    private double value(Loss loss, float[] t, float[] p) {
        return values(loss, t, ROWS, p, ROWS, null)[0];
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)), what);
    }

    /** The loss's mean against the reference, and its gradient with respect to the outputs. */
    private void check(Loss loss, float[] t, float[] p, BiFunction<double[], double[], Double> reference) {
        close(mean(perRow(t, p, reference)), value(loss, t, p), loss.name());
        GradientCheck.check(be, loss.name(), in -> loss.compute(in[0], in[1]), new Shape[] {ROWS, ROWS},
                new float[][] {t, p}, new boolean[] {false, true});
    }

    @Test
    void regressionLosses() {
        float[] t = uniform(N * D, 0.5, 3, 1), p = uniform(N * D, 0.2, 4, 2);
        check(new MeanAbsolutePercentageError(), t, p, (a, b) -> {
            double s = 0;
            for (int j = 0; j < D; j++) s += Math.abs((a[j] - b[j]) / Math.max(Math.abs(a[j]), EPS));
            return 100 * s / D;
        });
        check(new MeanSquaredLogarithmicError(), t, p, (a, b) -> {
            double s = 0;
            for (int j = 0; j < D; j++) s += Math.pow(Math.log(Math.max(b[j], EPS) + 1) - Math.log(Math.max(a[j], EPS) + 1), 2);
            return s / D;
        });
        check(new LogCosh(), t, p, (a, b) -> {
            double s = 0;
            for (int j = 0; j < D; j++) s += Math.log(Math.cosh(b[j] - a[j]));
            return s / D;
        });
        for (double delta : new double[] {1.0, 0.5}) {
            check(new Huber(delta), t, p, (a, b) -> {
                double s = 0;
                for (int j = 0; j < D; j++) {
                    double e = Math.abs(b[j] - a[j]);
                    s += e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta;
                }
                return s / D;
            });
        }
        check(new Poisson(), t, p, (a, b) -> {
            double s = 0;
            for (int j = 0; j < D; j++) s += b[j] - a[j] * Math.log(b[j] + EPS);
            return s / D;
        });
        float[] signed = uniform(N * D, -2, 2, 3);
        check(new CosineSimilarity(), t, signed, (a, b) -> {
            double dot = 0, na = 0, nb = 0;
            for (int j = 0; j < D; j++) {
                dot += a[j] * b[j];
                na += a[j] * a[j];
                nb += b[j] * b[j];
            }
            return -dot / Math.sqrt(na * nb);
        });
    }

    @Test
    void logCoshDoesNotOverflowForLargeErrors() {
        float[] t = {0, 0, 0}, p = {200, -200, 0};
        // log(cosh(200)) = 200 - log 2 to double precision; cosh itself overflows float32
        close((2 * (200 - Math.log(2)) + 0) / 3, values(new LogCosh(), t, Shape.of(1, 3), p, Shape.of(1, 3), null)[0], "log_cosh");
    }

    @Test
    void probabilisticLosses() {
        float[] t = uniform(N * D, 0.05, 0.95, 4), p = uniform(N * D, 0.05, 0.95, 5);
        check(new KLDivergence(), t, p, (a, b) -> {
            double s = 0;
            for (int j = 0; j < D; j++) s += a[j] * Math.log(a[j] / b[j]);
            return s;
        });
        double smoothing = 0.2;
        check(new BinaryCrossentropy(false, smoothing), t, p, (a, b) -> {
            double s = 0;
            for (int j = 0; j < D; j++) {
                double y = a[j] * (1 - smoothing) + 0.5 * smoothing;
                s -= y * Math.log(b[j]) + (1 - y) * Math.log(1 - b[j]);
            }
            return s / D;
        });
        float[] z = uniform(N * D, -3, 3, 6);
        check(new BinaryCrossentropy(true, smoothing), t, z, (a, b) -> {
            double s = 0;
            for (int j = 0; j < D; j++) {
                double y = a[j] * (1 - smoothing) + 0.5 * smoothing, q = 1 / (1 + Math.exp(-b[j]));
                s -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
            }
            return s / D;
        });
    }

    /** Keras's binary focal cross-entropy per row, {@code p} probabilities. */
    private static double binaryFocal(double[] a, double[] p, boolean balance, double alpha, double gamma) {
        double s = 0;
        for (int j = 0; j < D; j++) {
            double y = a[j], bce = -(y * Math.log(p[j]) + (1 - y) * Math.log(1 - p[j]));
            double pt = y * p[j] + (1 - y) * (1 - p[j]);
            double f = Math.pow(1 - pt, gamma) * bce;
            if (balance) f *= y * alpha + (1 - y) * (1 - alpha);
            s += f;
        }
        return s / D;
    }

    @Test
    void binaryFocalCrossentropy() {
        float[] t = {1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0};
        float[] p = uniform(N * D, 0.05, 0.95, 7);
        check(new BinaryFocalCrossentropy(), t, p, (a, b) -> binaryFocal(a, b, false, 0.25, 2));
        check(new BinaryFocalCrossentropy().applyClassBalancing(true).alpha(0.4).gamma(1.5), t, p,
                (a, b) -> binaryFocal(a, b, true, 0.4, 1.5));
        float[] z = uniform(N * D, -3, 3, 8);
        check(new BinaryFocalCrossentropy(true), t, z, (a, b) -> {
            double[] q = new double[D];
            for (int j = 0; j < D; j++) q[j] = 1 / (1 + Math.exp(-b[j]));
            return binaryFocal(a, q, false, 0.25, 2);
        });
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : z) max = Math.max(max, v);
        double[] p = new double[z.length];
        for (int j = 0; j < z.length; j++) sum += p[j] = Math.exp(z[j] - max);
        for (int j = 0; j < z.length; j++) p[j] /= sum;
        return p;
    }

    @Test
    void categoricalLossesWithSmoothingAndFocus() {
        float[] y = {0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0};
        float[] z = uniform(N * D, -2, 2, 9);
        double smoothing = 0.1;
        check(new CategoricalCrossentropy(true, smoothing), y, z, (a, b) -> {
            double[] q = softmax(b);
            double s = 0;
            for (int j = 0; j < D; j++) s -= (a[j] * (1 - smoothing) + smoothing / D) * Math.log(q[j]);
            return s;
        });
        float[] p = uniform(N * D, 0.1, 0.9, 10); // rows not summing to 1: Keras rescales them
        BiFunction<double[], double[], Double> focal = (a, b) -> {
            double sum = 0, s = 0;
            for (double v : b) sum += v;
            for (int j = 0; j < D; j++) {
                double q = b[j] / sum;
                s += 0.25 * Math.pow(1 - q, 2) * -a[j] * Math.log(q);
            }
            return s;
        };
        check(new CategoricalFocalCrossentropy(), y, p, focal);
        check(new CategoricalFocalCrossentropy(true), y, z, (a, b) -> focal.apply(a, softmax(b)));
    }

    @Test
    void hingeLosses() {
        float[] pm = {1, -1, 1, -1, -1, 1, 1, 1, -1, -1, 1, -1};
        float[] binary = new float[pm.length];
        for (int i = 0; i < pm.length; i++) binary[i] = (pm[i] + 1) / 2;
        float[] p = uniform(N * D, -2, 2, 11);
        BiFunction<double[], double[], Double> hinge = (a, b) -> {
            double s = 0;
            for (int j = 0; j < D; j++) s += Math.max(1 - a[j] * b[j], 0);
            return s / D;
        };
        BiFunction<double[], double[], Double> squared = (a, b) -> {
            double s = 0;
            for (int j = 0; j < D; j++) s += Math.pow(Math.max(1 - a[j] * b[j], 0), 2);
            return s / D;
        };
        check(new Hinge(), pm, p, hinge);
        check(new SquaredHinge(), pm, p, squared);
        // 0/1 labels are mapped to -1/1 first
        close(mean(perRow(pm, p, hinge)), value(new Hinge(), binary, p), "hinge of 0/1 labels");
        close(mean(perRow(pm, p, squared)), value(new SquaredHinge(), binary, p), "squared_hinge of 0/1 labels");
        float[] oneHot = {0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0};
        check(new CategoricalHinge(), oneHot, p, (a, b) -> {
            double pos = 0, neg = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < D; j++) {
                pos += a[j] * b[j];
                neg = Math.max(neg, (1 - a[j]) * b[j]);
            }
            return Math.max(neg - pos + 1, 0);
        });
    }

    @Test
    void reductionsAndSampleWeights() {
        float[] t = uniform(N * D, -1, 1, 12), p = uniform(N * D, -1, 1, 13);
        double[] rows = perRow(t, p, (a, b) -> {
            double s = 0;
            for (int j = 0; j < D; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
            return s / D;
        });
        float[] none = values(new MeanSquaredError().reduction(Reduction.NONE), t, ROWS, p, ROWS, null);
        assertEquals(N, none.length);
        for (int i = 0; i < N; i++) close(rows[i], none[i], "none, row " + i);
        double sum = 0;
        for (double r : rows) sum += r;
        close(sum, values(new MeanSquaredError().reduction(Reduction.SUM), t, ROWS, p, ROWS, null)[0], "sum");
        float[] w = {1, 0, 2, 0.5f};
        double weighted = 0;
        for (int i = 0; i < N; i++) weighted += w[i] * rows[i];
        // Keras 3: sum_over_batch_size divides the weighted sum by the number of values, not by the weights' sum
        close(weighted / N, values(new MeanSquaredError(), t, ROWS, p, ROWS, w)[0], "weighted sum_over_batch_size");
        close(weighted, values(new MeanSquaredError().reduction(Reduction.SUM), t, ROWS, p, ROWS, w)[0], "weighted sum");
        assertEquals(Reduction.SUM, Reduction.of("sum"));
        assertEquals(Reduction.SUM_OVER_BATCH_SIZE, Reduction.of("mean"));
    }

    @Test
    void sparseCrossentropyIgnoresAClassAndTakesSequences() {
        int c = 3;
        float[] labels = {0, 2, 1, 2};
        float[] z = uniform(N * c, -2, 2, 14);
        double[] rows = new double[N];
        for (int i = 0; i < N; i++) {
            double[] q = softmax(new double[] {z[i * c], z[i * c + 1], z[i * c + 2]});
            rows[i] = -Math.log(q[(int) labels[i]]);
        }
        Shape out = Shape.of(N, c);
        Loss ignoring = new SparseCategoricalCrossentropy(true).ignoreClass(2);
        // the mean over the two samples not labelled 2 (Keras's mask)
        close((rows[0] + rows[2]) / 2, values(ignoring, labels, Shape.of(N), z, out, null)[0], "ignore_class");
        float[] none = values(new SparseCategoricalCrossentropy(true).ignoreClass(2).reduction(Reduction.NONE),
                labels, Shape.of(N), z, out, null);
        assertArrayEquals(new float[] {(float) rows[0], 0, (float) rows[2], 0}, none, 1e-5f);
        // (2, 2, 3) outputs with (2, 2) labels: the same four rows
        close(mean(rows), values(new SparseCategoricalCrossentropy(true), labels, Shape.of(2, 2), z, Shape.of(2, 2, c), null)[0],
                "sequence outputs");
    }

    @Test
    void targetsOutsideTheDomainNameTheSample() {
        Shape one = Shape.of(1), out = Shape.of(1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BinaryCrossentropy().checkTargets(new float[] {0, 1, 1, 5}, one, out, "training data"));
        assertEquals("training data: the label of sample 3 is 5.0; binary_crossentropy needs targets in [0, 1] "
                + "(0/1 classes or probabilities)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().checkTargets(new float[] {0, 3}, one, Shape.of(3), "training data"));
        assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
        new SparseCategoricalCrossentropy().ignoreClass(-1).checkTargets(new float[] {0, -1, 2}, one, Shape.of(3), "ok");
        e = assertThrows(IllegalArgumentException.class, () -> new Poisson().checkTargets(new float[] {1, -2}, one, out, "data"));
        assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Hinge().checkTargets(new float[] {1, 0.5f}, one, out, "data"));
        assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
    }

    @Test
    void everyKerasNameAndConfigRoundTrip() {
        Map<String, Class<?>> names = Map.ofEntries(
                Map.entry("mse", MeanSquaredError.class), Map.entry("MeanSquaredError", MeanSquaredError.class),
                Map.entry("mae", MeanAbsoluteError.class), Map.entry("mean_absolute_error", MeanAbsoluteError.class),
                Map.entry("mape", MeanAbsolutePercentageError.class), Map.entry("msle", MeanSquaredLogarithmicError.class),
                Map.entry("huber", Huber.class), Map.entry("log_cosh", LogCosh.class), Map.entry("logcosh", LogCosh.class),
                Map.entry("bce", BinaryCrossentropy.class), Map.entry("binary_focal_crossentropy", BinaryFocalCrossentropy.class),
                Map.entry("categorical_crossentropy", CategoricalCrossentropy.class),
                Map.entry("SparseCategoricalCrossentropy", SparseCategoricalCrossentropy.class),
                Map.entry("categorical_focal_crossentropy", CategoricalFocalCrossentropy.class),
                Map.entry("kld", KLDivergence.class), Map.entry("kl_divergence", KLDivergence.class), Map.entry("poisson", Poisson.class),
                Map.entry("hinge", Hinge.class), Map.entry("squared_hinge", SquaredHinge.class),
                Map.entry("categorical_hinge", CategoricalHinge.class), Map.entry("cosine_similarity", CosineSimilarity.class));
        names.forEach((name, type) -> assertInstanceOf(type, Losses.get(name), name));
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.get("adam"));
        assertTrue(e.getMessage().contains("Keras's order is compile(optimizer, loss"), e.getMessage());

        for (Loss loss : List.of(new Huber(0.3).reduction(Reduction.SUM), new BinaryCrossentropy(true, 0.1),
                new SparseCategoricalCrossentropy(true).ignoreClass(4),
                new BinaryFocalCrossentropy(true).applyClassBalancing(true).alpha(0.3).gamma(1),
                new CategoricalFocalCrossentropy().gamma(3), new CosineSimilarity().reduction(Reduction.NONE))) {
            Loss again = Losses.get(loss.name(), loss.config());
            assertEquals(loss.getClass(), again.getClass());
            assertEquals(loss.config(), again.config(), loss.name());
        }
    }
}
