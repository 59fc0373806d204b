package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BatchNormalization through {@link LayerTests}, in both modes, and its moving statistics against Keras's update rule. */
class NormalizationLayersTest {

    @Test
    void batchNormalizationInBothModes() throws Exception {
        LayerTests.run(BatchNormalization::new, Shape.of(3, 2, 4), Shape.of(3, 2, 4), true);
    }

    @Test
    void batchNormalizationWithoutCenterOrScaleOnFeatures() throws Exception {
        LayerTests.run(() -> new BatchNormalization().center(false).scale(false).epsilon(1e-2).momentum(0.5), Shape.of(5),
                Shape.of(5), true);
    }

    @Test
    void batchNormalizationOnStridedFeatureMapsOfOddSize() throws Exception {
        LayerTests.run(() -> new BatchNormalization().axis(3), Shape.of(3, 5, 3), Shape.of(3, 5, 3), true);
    }

    @Test
    void initializersAreKerassAndChangeable() throws Exception {
        LayerTests.run(() -> new BatchNormalization().gammaInitializer("zeros").betaInitializer("ones")
                .movingMeanInitializer("ones").movingVarianceInitializer("zeros"), Shape.of(2, 3), Shape.of(2, 3));
        BatchNormalization bn = new BatchNormalization().gammaInitializer("zeros").movingVarianceInitializer("zeros");
        bn.build(Shape.of(3));
        assertEquals(0f, bn.params().get(0).toArray()[1], "gamma from zeros");
        assertEquals(0f, bn.params().get(1).toArray()[1], "beta from Keras's default, zeros");
        assertEquals(0f, bn.movingVariance().toArray()[2], "moving variance from zeros");
    }

    @Test
    void kerasCountsOn64Channels() {
        BatchNormalization bn = new BatchNormalization();
        bn.build(Shape.of(8, 8, 64));
        assertEquals(256, bn.paramCount());
        assertEquals(128, bn.trainableParamCount());
        assertEquals(128, bn.paramCount() - bn.trainableParamCount(), "moving mean and variance are not trainable");
        assertEquals(4, bn.weights().size());
    }

    @Test
    void trainingNormalizesByTheBatchAndMovesTheAveragesAsKerasDoes() {
        Backend be = Backends.current();
        BatchNormalization bn = new BatchNormalization().momentum(0.9);
        int c = 3, rows = 2 * 4;
        bn.build(Shape.of(4, c));
        double[] movingMean = {0, 0, 0}, movingVar = {1, 1, 1};
        for (int step = 0; step < 2; step++) {
            float[] x = GradientCheck.random(Shape.of(2, 4, c), 10 + step);
            for (int i = 0; i < x.length; i++) x[i] = 2f * x[i] + (i % c) + step;
            double[] mean = new double[c], var = new double[c];
            for (int i = 0; i < x.length; i++) mean[i % c] += x[i] / (double) rows;
            for (int i = 0; i < x.length; i++) var[i % c] += Math.pow(x[i] - mean[i % c], 2) / rows;   // biased, as Keras
            try (Scope s = Scope.open()) {
                float[] y = bn.call(be.fromArray(Shape.of(2, 4, c), x, 0), true).toArray();
                for (int i = 0; i < x.length; i++) {
                    double expected = (x[i] - mean[i % c]) / Math.sqrt(var[i % c] + 1e-3);
                    assertEquals(expected, y[i], 1e-5 * Math.max(1, Math.abs(expected)), "y " + i + " at step " + step);
                }
            }
            for (int j = 0; j < c; j++) {
                movingMean[j] = movingMean[j] * 0.9 + mean[j] * 0.1;
                movingVar[j] = movingVar[j] * 0.9 + var[j] * 0.1;
            }
            float[] gotMean = bn.movingMean().toArray(), gotVar = bn.movingVariance().toArray();
            for (int j = 0; j < c; j++) {
                assertEquals(movingMean[j], gotMean[j], 1e-5, "moving mean " + j + " after step " + step);
                assertEquals(movingVar[j], gotVar[j], 1e-5 * Math.max(1, movingVar[j]), "moving variance " + j + " after step " + step);
            }
        }
        // Inference now normalizes with the moving statistics.
        float[] x = {1f, 2f, 3f};
        try (Scope s = Scope.open()) {
            float[] y = bn.call(be.fromArray(Shape.of(1, 1, c), x, 0), false).toArray();
            for (int j = 0; j < c; j++) {
                assertEquals((x[j] - movingMean[j]) / Math.sqrt(movingVar[j] + 1e-3), y[j], 1e-5, "inference " + j);
            }
        }
    }

    @Test
    void anotherAxisIsRefusedWithTheReason() {
        BatchNormalization bn = new BatchNormalization().axis(1);
        IncompatibleShapeException e = assertThrows(IncompatibleShapeException.class, () -> bn.build(Shape.of(4, 4, 3)));
        assertTrue(e.getMessage().contains("axis=1") && e.getMessage().contains("last axis"), e.getMessage());
    }

    @Test
    void layerNormalizationThroughLayerTests() throws Exception {
        LayerTests.run(LayerNormalization::new, Shape.of(3, 5), Shape.of(3, 5), true);
        LayerTests.run(() -> new LayerNormalization().center(false).epsilon(0.1), Shape.of(2, 2, 3), Shape.of(2, 2, 3));
        LayerTests.run(() -> new LayerNormalization().scale(false).axis(1), Shape.of(4), Shape.of(4));
    }

    /** Each sample's features by their own mean and biased variance, the same in both modes. */
    @Test
    void layerNormalizationNormalizesEachSampleByItsFeatures() {
        Backend be = Backends.current();
        LayerNormalization ln = new LayerNormalization();
        int c = 6;
        ln.build(Shape.of(c));
        float[] x = GradientCheck.random(Shape.of(3, c), 21);
        for (int i = 0; i < x.length; i++) x[i] = 5f * x[i] + i / c;
        for (boolean training : new boolean[] {false, true}) {
            try (Scope s = Scope.open()) {
                float[] y = ln.call(be.fromArray(Shape.of(3, c), x, 0), training).toArray();
                for (int r = 0; r < 3; r++) {
                    double mean = 0, var = 0;
                    for (int j = 0; j < c; j++) mean += x[r * c + j] / (double) c;
                    for (int j = 0; j < c; j++) var += Math.pow(x[r * c + j] - mean, 2) / c;
                    for (int j = 0; j < c; j++) {
                        double expected = (x[r * c + j] - mean) / Math.sqrt(var + 1e-3);
                        assertEquals(expected, y[r * c + j], 1e-5 * Math.max(1, Math.abs(expected)), "row " + r + " feature " + j);
                    }
                }
            }
        }
        assertEquals(2 * c, ln.paramCount());
    }

    /**
     * A small CNN with BatchNormalization trains (its moving statistics leave their initial zeros and
     * ones), and a saved model predicts the same bits after loading: the moving statistics are saved.
     */
    @Test
    void movingStatisticsTrainAndSurviveSaveAndLoad(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int n = 64;
        float[] x = GradientCheck.random(Shape.of(n, 6, 6, 1), 31);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = x[i * 36 + 14] > 0 ? 1 : 0;
        BatchNormalization bn = new BatchNormalization();
        dev.myelin.model.Sequential m = new dev.myelin.model.Sequential(new Input(6, 6, 1),
                new Conv2D(4, 3).useBias(false), bn, new Activation("relu"), new Flatten(), new Dense(2)).seed(3);
        m.compile(new dev.myelin.optimizers.Adam(1e-2f), new dev.myelin.losses.SparseCategoricalCrossentropy(true));
        m.fit(new dev.myelin.data.Dataset(x, Shape.of(6, 6, 1), y, Shape.of()),
                new dev.myelin.model.FitOptions().epochs(3).batchSize(16).verbose(0));
        float[] mean = bn.movingMean().toArray(), var = bn.movingVariance().toArray();
        for (int j = 0; j < 4; j++) {
            assertTrue(mean[j] != 0f && var[j] != 1f, "channel " + j + ": moving mean " + mean[j] + ", variance " + var[j]);
        }
        java.nio.file.Path file = dir.resolve("bn.myelin");
        float[] before = m.predict(x, Shape.of(6, 6, 1), 16);
        m.save(file);
        dev.myelin.model.Sequential loaded = dev.myelin.model.Sequential.load(file);
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, loaded.predict(x, Shape.of(6, 6, 1), 16));
    }

    /**
     * Inside fit, as in Keras: each training step moves the moving statistics once, toward the
     * batch's mean and biased variance, and validation leaves them. The expected values are
     * written out: channel 0 of the batch below is 1, 3, 5, 7 (mean 4, biased variance 5).
     */
    @Test
    void fitMovesTheStatisticsOncePerStepAndValidationLeavesThem() {
        BatchNormalization bn = new BatchNormalization();
        dev.myelin.model.Sequential m = new dev.myelin.model.Sequential(new Input(3), bn);
        m.compile(new dev.myelin.optimizers.SGD(0.1), "mse");
        float[][] x = {{1, 2, 3}, {3, 2, 1}, {5, 0, 2}, {7, 4, 6}};
        float[][] y = new float[4][3];
        double[] mean = {4, 2, 3}, variance = {5, 2, 3.5};
        double[] movingMean = {0, 0, 0}, movingVariance = {1, 1, 1};
        for (int step = 1; step <= 2; step++) {
            // one batch per epoch, validated on the same samples (inference mode: no update)
            m.fit(x, y, new dev.myelin.model.FitOptions().epochs(1).batchSize(4).verbose(0)
                    .validationData(dev.myelin.data.Dataset.of(x, y)));
            float[] gotMean = bn.movingMean().toArray(), gotVariance = bn.movingVariance().toArray();
            for (int j = 0; j < 3; j++) {
                movingMean[j] = movingMean[j] * 0.99 + mean[j] * 0.01;
                movingVariance[j] = movingVariance[j] * 0.99 + variance[j] * 0.01;
                assertEquals(movingMean[j], gotMean[j], 1e-6, "moving mean " + j + " after step " + step);
                assertEquals(movingVariance[j], gotVariance[j], 1e-6, "moving variance " + j + " after step " + step);
            }
        }
    }
}
