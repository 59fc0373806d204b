package dev.myelin.model;

import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.metrics.AUC;
import dev.myelin.metrics.R2Score;
import dev.myelin.optimizers.Adam;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metrics given to compile by name and as objects: logged in History and the progress line under
 * Keras's names ({@code mae}, {@code val_mae}, {@code precision}, {@code auc}), and over a whole
 * evaluation equal to the same metric computed here on the host from predict's outputs (sklearn's
 * definitions), which a mean of per-batch values would not be.
 */
class MetricsInFitTest {

    private static Dataset regression(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) r.nextDouble();
            x[i][1] = (float) r.nextDouble();
            y[i] = (float) (2 * x[i][0] - x[i][1] + 0.3 * r.nextGaussian());
        }
        return Dataset.of(x, y);
    }

    @Test
    void regressionMetricsByNameAndObject() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Sequential m = new Sequential(new Input(2), new Dense(8).activation("tanh"), new Dense(1)).seed(4);
        m.output(new PrintStream(console, true, StandardCharsets.UTF_8));
        m.compile(new Adam(0.02), "mse", "mae", new R2Score(), "root_mean_squared_error");
        History h = m.fit(regression(200, 1), new FitOptions().epochs(3).batchSize(16).validationSplit(0.25).verbose(2).seed(5));
        for (String key : List.of("loss", "mae", "r2_score", "root_mean_squared_error", "val_loss", "val_mae", "val_r2_score",
                "val_root_mean_squared_error")) {
            assertEquals(3, h.history().get(key).size(), key + " in " + h.history().keySet());
        }
        assertTrue(console.toString(StandardCharsets.UTF_8).contains(" - val_mae: "), console.toString(StandardCharsets.UTF_8));

        Dataset test = regression(101, 7); // batches of 16 leave a short last one: a mean of batch values would be off
        Map<String, Double> logs = m.evaluate(test, 16);
        float[] p = m.predict(test, 16);
        float[] y = test.y();
        double abs = 0, sq = 0, mean = 0, total = 0;
        for (float v : y) mean += v / (double) y.length;
        for (int i = 0; i < y.length; i++) {
            abs += Math.abs(p[i] - y[i]);
            sq += (p[i] - y[i]) * (double) (p[i] - y[i]);
            total += (y[i] - mean) * (y[i] - mean);
        }
        assertEquals(abs / y.length, logs.get("mae"), 1e-5);
        assertEquals(Math.sqrt(sq / y.length), logs.get("root_mean_squared_error"), 1e-5);
        assertEquals(sq / y.length, logs.get("loss"), 1e-5);
        assertEquals(1 - sq / total, logs.get("r2_score"), 1e-4);
    }

    @Test
    void classificationMetricsOverTheWholeEvaluation() {
        Sequential m = TrainingTest.mlp().output(new PrintStream(PrintStream.nullOutputStream()));
        m.compile("adam", "binary_crossentropy", "accuracy", "precision", "recall", new AUC());
        History h = m.fit(TrainingTest.xor(256, 1), new FitOptions().epochs(3).batchSize(32).verbose(0).seed(2));
        assertEquals(List.of("loss", "accuracy", "precision", "recall", "auc"), List.copyOf(h.history().keySet()));

        Dataset test = TrainingTest.xor(203, 9);
        Map<String, Double> logs = m.evaluate(test, 32);
        float[] p = m.predict(test, 32);
        float[] y = test.y();
        int tp = 0, fp = 0, fn = 0, right = 0;
        for (int i = 0; i < y.length; i++) {
            boolean predicted = p[i] > 0.5f, positive = y[i] == 1f;
            if (predicted && positive) tp++;
            if (predicted && !positive) fp++;
            if (!predicted && positive) fn++;
            if (predicted == positive) right++;
        }
        assertEquals(right / (double) y.length, logs.get("accuracy"), 1e-6);
        assertEquals(tp + fp == 0 ? 0 : tp / (double) (tp + fp), logs.get("precision"), 1e-6);
        assertEquals(tp / (double) (tp + fn), logs.get("recall"), 1e-6);
        // ROC AUC as the fraction of (positive, negative) pairs ordered right; Keras's 200 thresholds
        // merge scores closer than 0.005, so the thresholded area is within a few thousandths of it
        double pairs = 0, ordered = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y.length; j++) {
                if (y[i] == 1f && y[j] == 0f) {
                    pairs++;
                    ordered += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(ordered / pairs, logs.get("auc"), 0.01);
    }
}
