package dev.myelin.model;

import dev.myelin.data.ShapedArray;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Repeated predictions keep each Dense kernel packed between calls; every way a user changes the
 * weights (set_weights, a training step, load_weights) must show in the next prediction. Checked
 * against {@code x W + b} written out in double from the weights of the moment. Tolerance: a float
 * dot product of K terms plus a bias is within {@code (K + 1) * 2^-24} of the sum of its terms'
 * magnitudes.
 */
class PredictAfterWeightChangesTest {
    private static final int IN = 24, UNITS = 20, BATCH = 16;

    @Test
    void predictionsFollowEveryChangeOfTheWeights(@TempDir Path dir) throws Exception {
        Sequential m = new Sequential(new Input(IN), new Dense(UNITS)).seed(1);
        float[] x = random(BATCH * IN, 2);
        for (int call = 0; call < 3; call++) assertMatches(m, x, "call " + call);

        m.setWeights(List.of(random(IN * UNITS, 3), random(UNITS, 4)));
        for (int call = 0; call < 3; call++) assertMatches(m, x, "call " + call + " after setWeights");

        m.compile("sgd", "mse");
        m.fit(ShapedArray.of(x, Shape.of(BATCH, IN)), ShapedArray.of(random(BATCH * UNITS, 5), Shape.of(BATCH, UNITS)),
                new FitOptions().epochs(1).batchSize(BATCH).verbose(0));
        for (int call = 0; call < 3; call++) assertMatches(m, x, "call " + call + " after a training step");

        Path saved = dir.resolve("trained.weights.zip");
        m.saveWeights(saved);
        m.setWeights(List.of(random(IN * UNITS, 6), random(UNITS, 7)));
        for (int call = 0; call < 3; call++) assertMatches(m, x, "call " + call + " after setWeights again");
        m.loadWeights(saved);
        for (int call = 0; call < 3; call++) assertMatches(m, x, "call " + call + " after loadWeights");
    }

    private static void assertMatches(Sequential m, float[] x, String when) {
        float[] y = m.predict(x, Shape.of(IN), BATCH);
        List<float[]> w = m.getWeights();
        float[] kernel = w.get(0), bias = w.get(1);
        for (int n = 0; n < BATCH; n++) {
            for (int u = 0; u < UNITS; u++) {
                double sum = bias[u], magnitude = Math.abs(bias[u]);
                for (int i = 0; i < IN; i++) {
                    double term = (double) x[n * IN + i] * kernel[i * UNITS + u];
                    sum += term;
                    magnitude += Math.abs(term);
                }
                double tolerance = (IN + 1) * Math.ulp(1f) / 2 * magnitude;
                assertEquals(sum, y[n * UNITS + u], tolerance, when + ": output (" + n + ", " + u + ")");
            }
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }
}
