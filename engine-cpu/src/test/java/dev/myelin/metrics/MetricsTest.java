package dev.myelin.metrics;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every metric over batches against values worked out by hand in the comments (sklearn's
 * definitions, Keras's thresholds). Tolerance 1e-6: float32 sums of a few values of order one.
 */
class MetricsTest {
    private final Backend be = Backends.current();

    /** Feeds {@code metric} the batches {@code [from, to)} of the rows, each batch its own update. */
    private double run(Metric metric, float[] y, Shape ySample, float[] p, Shape pSample, float[] w, int... batchEnds) {
        int ySize = ySample.sizeAsInt(), pSize = pSample.sizeAsInt(), from = 0;
        try (metric) {
            for (int to : batchEnds) {
                try (Scope s = Scope.open()) {
                    int n = to - from;
                    Tensor yt = be.fromArray(ySample.prepend(n), y, from * ySize);
                    Tensor pt = be.fromArray(pSample.prepend(n), p, from * pSize);
                    metric.update(yt, pt, w == null ? null : be.fromArray(Shape.of(n), w, from));
                }
                from = to;
            }
            return metric.result();
        }
    }

    private static final Shape ONE = Shape.of(1);
    // labels and scores of eight binary samples; at threshold 0.5 the predictions are 1 1 0 1 0 1 1 0
    private static final float[] Y = {1, 0, 1, 1, 0, 0, 1, 0};
    private static final float[] P = {0.9f, 0.6f, 0.4f, 0.8f, 0.2f, 0.7f, 0.55f, 0.1f};

    @Test
    void precisionAndRecallAreTheEpochsNotMeansOfBatches() {
        // tp = 3 (samples 0, 3, 6), fp = 2 (1, 5), fn = 1 (2): precision 3/5, recall 3/4.
        // Per batch of four the precisions are 2/3 and 1/2, whose mean 0.583 is not the epoch's 0.6.
        assertEquals(0.6, run(new Precision(), Y, ONE, P, ONE, null, 4, 8), 1e-6);
        assertEquals(0.75, run(new Recall(), Y, ONE, P, ONE, null, 4, 8), 1e-6);
        // weights 2 on samples 1 and 2: tp 3, fp 2 + 1 = 3 -> 0.5; fn 2 -> recall 3/5
        float[] w = {1, 2, 2, 1, 1, 1, 1, 1};
        assertEquals(0.5, run(new Precision(), Y, ONE, P, ONE, w, 3, 8), 1e-6);
        assertEquals(0.6, run(new Recall(), Y, ONE, P, ONE, w, 3, 8), 1e-6);
        assertEquals(0.0, new Precision().result());
    }

    @Test
    void precisionOfOneClassColumn() {
        // two samples, three outputs; class 1's column: labels 1, 0, scores 0.8, 0.9: tp 1, fp 1
        float[] y = {0, 1, 0, 1, 0, 0}, p = {0.9f, 0.8f, 0.1f, 0.9f, 0.9f, 0.9f};
        assertEquals(0.5, run(new Precision(0.5, 1), y, Shape.of(3), p, Shape.of(3), null, 2), 1e-6);
    }

    @Test
    void rocAucCountsOrderedPairs() {
        // positives score 0.9, 0.4, 0.8, 0.55; negatives 0.6, 0.2, 0.7, 0.1. Pairs with the positive
        // above: 4 + 2 + 4 + 2 = 12 of 16, AUC 0.75 (sklearn's roc_auc_score). The scores are 0.05
        // apart and the 200 thresholds 0.005, so Keras's trapezoids trace the exact curve.
        assertEquals(0.75, run(new AUC(), Y, ONE, P, ONE, null, 3, 8), 1e-6);
        float[] logits = new float[P.length];
        for (int i = 0; i < P.length; i++) logits[i] = (float) Math.log(P[i] / (1 - P[i]));
        assertEquals(0.75, run(new AUC(200, "ROC", "interpolation", true), Y, ONE, logits, ONE, null, 8), 1e-6);
        float[] perfect = {0.9f, 0.1f, 0.8f, 0.7f, 0.2f, 0.3f, 0.6f, 0.0f};
        assertEquals(1.0, run(new AUC(), Y, ONE, perfect, ONE, null, 8), 1e-6);
    }

    @Test
    void prAucFollowsKerasInterpolation() {
        // Keras's interpolate_pr_auc written out over counts taken here from the data at Keras's thresholds
        int n = 200;
        float[] t = Thresholds.evenlySpaced(n);
        double[] tp = new double[n], fp = new double[n], fn = new double[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < Y.length; i++) {
                boolean pred = P[i] > t[k];
                if (pred && Y[i] == 1) tp[k]++;
                if (pred && Y[i] == 0) fp[k]++;
                if (!pred && Y[i] == 1) fn[k]++;
            }
        }
        double area = 0;
        for (int k = 0; k < n - 1; k++) {
            double dtp = tp[k] - tp[k + 1], p0 = tp[k] + fp[k], p1 = tp[k + 1] + fp[k + 1], dp = p0 - p1;
            double slope = dp > 0 ? dtp / dp : 0, intercept = tp[k + 1] - slope * p1;
            double ratio = p0 > 0 && p1 > 0 ? p0 / p1 : 1;
            double denominator = tp[k + 1] + fn[k + 1];
            area += denominator > 0 ? slope * (dtp + intercept * Math.log(ratio)) / denominator : 0;
        }
        assertEquals(area, run(new AUC(200, "PR", "interpolation", false), Y, ONE, P, ONE, null, 5, 8), 1e-6);
    }

    @Test
    void accuracies() {
        // binary at 0.5: right on samples 0, 3, 4, 6, 7 -> 5/8
        assertEquals(5 / 8.0, run(new BinaryAccuracy(), Y, ONE, P, ONE, null, 4, 8), 1e-6);
        // three classes: argmax 0, 2, 1, 1 against labels 0, 1, 1, 2 -> 2/4; top-2: sample 1's label 1
        // has the second largest score (0.3), sample 3's label 2 the smallest -> 3/4
        float[] p = {0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f, 0.2f, 0.5f, 0.3f, 0.3f, 0.6f, 0.1f};
        float[] labels = {0, 1, 1, 2}, oneHot = {1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1};
        Shape three = Shape.of(3);
        assertEquals(0.5, run(new SparseCategoricalAccuracy(), labels, ONE, p, three, null, 2, 4), 1e-6);
        assertEquals(0.5, run(new CategoricalAccuracy(), oneHot, three, p, three, null, 3, 4), 1e-6);
        assertEquals(0.75, run(new SparseTopKCategoricalAccuracy(2), labels, ONE, p, three, null, 4), 1e-6);
        assertEquals(0.75, run(new TopKCategoricalAccuracy(2), oneHot, three, p, three, null, 1, 4), 1e-6);
        // weights 3 on the one right-by-argmax sample 0 and 1 elsewhere: (3 + 1) / 6
        assertEquals(4 / 6.0, run(new SparseCategoricalAccuracy(), labels, ONE, p, three, new float[] {3, 1, 1, 1}, 4), 1e-6);
    }

    @Test
    void exactAccuracy() {
        // Keras's Accuracy class compares values: 1 = 1, 2 != 3, 0 = 0, 4 != 1 -> 2/4
        assertEquals(0.5, run(new Accuracy(), new float[] {1, 2, 0, 4}, ONE, new float[] {1, 3, 0, 1}, ONE, null, 2, 4), 1e-6);
    }

    @Test
    void regressionMetrics() {
        float[] y = {1, 2, 3, 4}, p = {1.5f, 2, 2, 4.5f}; // errors 0.5, 0, -1, 0.5
        assertEquals(2 / 4.0, run(new MeanAbsoluteError(), y, ONE, p, ONE, null, 2, 4), 1e-6);
        assertEquals(1.5 / 4, run(new MeanSquaredError(), y, ONE, p, ONE, null, 1, 4), 1e-6);
        assertEquals(Math.sqrt(1.5 / 4), run(new RootMeanSquaredError(), y, ONE, p, ONE, null, 3, 4), 1e-6);
        assertEquals(100 * (0.5 + 0 + 1 / 3.0 + 0.125) / 4, run(new MeanAbsolutePercentageError(), y, ONE, p, ONE, null, 4), 1e-4);
        // weighted: (2*0.5 + 0 + 1*1 + 1*0.5) / (2 + 1 + 1 + 1)
        assertEquals(2.5 / 5, run(new MeanAbsoluteError(), y, ONE, p, ONE, new float[] {2, 1, 1, 1}, 2, 4), 1e-6);
        // R2 = 1 - SSres/SStot: SSres = 0.25 + 0 + 1 + 0.25 = 1.5; mean 2.5, SStot = 2.25 + 0.25 + 0.25 + 2.25 = 5
        assertEquals(1 - 1.5 / 5, run(new R2Score(), y, ONE, p, ONE, null, 2, 4), 1e-6);
        // adjusted with one regressor: 1 - (1 - R2)(n - 1)/(n - 2)
        assertEquals(1 - (1.5 / 5) * 3 / 2, run(new R2Score("uniform_average", 1), y, ONE, p, ONE, null, 4), 1e-6);
    }

    @Test
    void f1Score() {
        // argmax predictions 0, 2, 1, 1 against labels 0, 1, 1, 2:
        // class 0: tp 1 -> F1 1; class 1: tp 1, fp 1, fn 1 -> 0.5; class 2: tp 0 -> 0
        float[] p = {0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f, 0.2f, 0.5f, 0.3f, 0.3f, 0.6f, 0.1f};
        float[] oneHot = {1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1};
        Shape three = Shape.of(3);
        assertEquals(1.5 / 3, run(new F1Score("macro", 1, null), oneHot, three, p, three, null, 2, 4), 1e-6);
        assertEquals(1.5 / 3, run(new F1Score(), oneHot, three, p, three, null, 1, 4), 1e-6); // per class, logged as their mean
        // micro: tp 2, fp 2, fn 2 -> 0.5; weighted by label counts 1, 2, 1: (1 + 2*0.5 + 0) / 4
        assertEquals(0.5, run(new F1Score("micro", 1, null), oneHot, three, p, three, null, 4), 1e-6);
        assertEquals(0.5, run(new F1Score("weighted", 1, null), oneHot, three, p, three, null, 4), 1e-6);
        // threshold 0.25: predicted 1,0,0 / 0,1,1 / 0,1,1 / 1,1,0; class 1: tp 2, fp 1, fn 0 -> P 2/3, R 1 -> F1 0.8
        F1Score thresholded = new F1Score(null, 1, 0.25);
        try (Scope s = Scope.open()) {
            thresholded.update(be.fromArray(Shape.of(4, 3), oneHot, 0), be.fromArray(Shape.of(4, 3), p, 0));
            double[] f = thresholded.perClass();
            assertEquals(0.8, f[1], 1e-6);
        }
        thresholded.close();
    }

    @Test
    void namesAndAccuracyResolution() {
        assertEquals("mae", Metrics.get("mae").name());
        assertInstanceOf(MeanAbsoluteError.class, Metrics.get("mae"));
        assertEquals("precision", Metrics.get("precision").name());
        assertInstanceOf(AUC.class, Metrics.get("AUC"));
        assertInstanceOf(RootMeanSquaredError.class, Metrics.get("root_mean_squared_error"));
        assertInstanceOf(R2Score.class, Metrics.get("r2_score"));
        assertInstanceOf(SparseTopKCategoricalAccuracy.class, Metrics.get("sparse_top_k_categorical_accuracy"));
        Metric acc = Metrics.get("accuracy", new SparseCategoricalCrossentropy(true), Shape.of(10), Shape.of());
        assertInstanceOf(SparseCategoricalAccuracy.class, acc);
        assertEquals("accuracy", acc.name());
        assertInstanceOf(BinaryAccuracy.class, Metrics.get("acc", new BinaryCrossentropy(true), Shape.of(1), Shape.of(1)));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.get("accuracy", new dev.myelin.losses.MeanSquaredError(), Shape.of(3), Shape.of(3)));
        assertThrows(IllegalArgumentException.class, () -> Metrics.get("accuracy"));
        assertThrows(IllegalArgumentException.class, () -> Metrics.get("rmse"));
    }

    @Test
    void confusionMatrix() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1, 1, 2}, new int[] {0, 2, 1, 1}, 3);
        assertArrayEquals(new long[] {1, 0, 0}, m.counts()[0]);
        assertArrayEquals(new long[] {0, 1, 1}, m.counts()[1]);
        assertArrayEquals(new long[] {0, 1, 0}, m.counts()[2]);
        ConfusionMatrix binary = ConfusionMatrix.fromOutputs(Y, P);
        assertEquals(3, binary.count(1, 1));
        assertEquals(2, binary.count(0, 1));
        assertEquals(1, binary.count(1, 0));
        assertEquals(2, binary.count(0, 0));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 0}, 3));
    }
}
