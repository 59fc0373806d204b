package dev.myelin.model;

import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.losses.CategoricalCrossentropy;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.metrics.AUC;
import dev.myelin.metrics.F1Score;
import dev.myelin.metrics.Precision;
import dev.myelin.metrics.Recall;
import dev.myelin.metrics.TopKCategoricalAccuracy;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.schedules.ExponentialDecay;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** A saved model keeps its compile settings and optimizer state: loaded, it trains on as if never saved. */
class SaveCompiledTest {
    @TempDir
    Path dir;

    private static Dataset data() {
        SplittableRandom r = new SplittableRandom(4);
        float[][] x = new float[96][4];
        float[] y = new float[96];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < 4; k++) x[i][k] = (float) r.nextGaussian();
            y[i] = x[i][0] > 0 ? (x[i][1] > 0 ? 2 : 1) : 0;
        }
        return Dataset.of(x, y);
    }

    private static Sequential model() {
        Sequential m = new Sequential(new Input(4), new Dense(8).activation("relu"), new Dense(3).activation("softmax")).seed(7);
        m.compile(new Adam(new ExponentialDecay(0.02, 5, 0.9)), new SparseCategoricalCrossentropy(), "accuracy");
        return m;
    }

    @Test
    void aLoadedModelIsCompiledAndTrainsOnExactly() throws IOException {
        Sequential a = model();
        FitOptions first = new FitOptions().epochs(2).batchSize(16).seed(3).verbose(0);
        a.fit(data(), first);
        Path file = dir.resolve("m.myelin");
        a.save(file);
        Model b = Model.load(file);
        assertNotNull(b.optimizer(), "compiled on load");
        assertEquals("adam", b.optimizer().name());
        assertEquals(a.optimizer().iterations(), b.optimizer().iterations(), "the step (and so the schedule's position) is restored");
        assertEquals(a.evaluate(data(), 32), b.evaluate(data(), 32), "same loss and metrics, by the same names");

        FitOptions rest = new FitOptions().epochs(4).initialEpoch(2).batchSize(16).seed(3).verbose(0);
        History ha = a.fit(data(), rest), hb = b.fit(data(), rest);
        assertEquals(ha.history(), hb.history());
        List<Tensor> wa = a.weights(), wb = b.weights();
        for (int i = 0; i < wa.size(); i++) assertArrayEquals(wa.get(i).toArray(), wb.get(i).toArray(), "weight " + i);

        a.save(file, false);
        Model c = Model.load(file);
        assertEquals(0, c.optimizer().iterations(), "saved without the optimizer's state: a fresh optimizer, as configured");
        assertTrue(c.evaluate(data(), 32).containsKey("accuracy"));
    }

    /** A user's own metric, as a Keras user subclasses keras.metrics.Metric: the mean predicted value. */
    public static class MeanOutput extends dev.myelin.metrics.MeanMetric {
        public MeanOutput() {
            super("mean_output");
        }

        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            return dev.myelin.tensor.Ops.meanLastAxis(yPred);
        }
    }

    @Test
    void metricObjectsAreSavedWithTheirSettings() throws IOException {
        Sequential a = new Sequential(new Input(4), new Dense(8).activation("relu"), new Dense(3).activation("softmax")).seed(7);
        // Settings away from Keras's defaults, so a metric rebuilt with defaults gives other numbers.
        a.compile(new CompileOptions(new Adam(0.01)).loss(new CategoricalCrossentropy()).metrics("accuracy",
                new TopKCategoricalAccuracy(2).named("top2"), new Precision(0.7, 1), new Recall(0.2, 2).named("recall_2"),
                new AUC(7, "PR", "minoring", false), new F1Score("macro", 2, 0.4), new MeanOutput().named("mean_p")));
        a.fit(oneHot(), new FitOptions().epochs(1).batchSize(16).seed(3).verbose(0));
        Path file = dir.resolve("metrics.myelin");
        a.save(file);
        Model b = Model.load(file);
        Map<String, Double> ea = a.evaluate(oneHot(), 32), eb = b.evaluate(oneHot(), 32);
        assertEquals(List.of("loss", "accuracy", "top2", "precision", "recall_2", "auc", "f1_score", "mean_p"), List.copyOf(ea.keySet()));
        assertEquals(ea, eb, "the same metrics, by the same names, with the same settings");
        assertNotEquals(ea.get("precision"), defaults(a).get("precision"), "the threshold matters on this data, so the test can fail");
        assertNotEquals(ea.get("top2"), defaults(a).get("top2"), "so does k");
    }

    /** {@code model}'s evaluation with the same metric classes at Keras's defaults. */
    private static Map<String, Double> defaults(Model model) {
        model.compile(new CompileOptions(new Adam(0.01)).loss(new CategoricalCrossentropy()).metrics(
                new TopKCategoricalAccuracy().named("top2"), new Precision()));
        return model.evaluate(oneHot(), 32);
    }

    /** {@link #data()} with one-hot labels, which Precision, Recall, AUC and F1Score compare with the outputs. */
    private static Dataset oneHot() {
        SplittableRandom r = new SplittableRandom(4);
        float[][] x = new float[96][4], y = new float[96][3];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < 4; k++) x[i][k] = (float) r.nextGaussian();
            y[i][x[i][0] > 0 ? (x[i][1] > 0 ? 2 : 1) : 0] = 1;
        }
        return Dataset.of(x, y);
    }

    @Test
    void aMetricClassThatCannotBeRebuiltIsNamedOnLoad() throws IOException {
        Sequential a = model();
        a.compile(new CompileOptions(new Adam(0.01)).loss(new SparseCategoricalCrossentropy()).metrics(new MeanOutput() {}));
        Path file = dir.resolve("anonymous.myelin");
        a.save(file);
        ModelFileException e = assertThrows(ModelFileException.class, () -> Model.load(file));
        assertTrue(e.getMessage().contains("metrics[0][0]") && e.getMessage().contains("SaveCompiledTest$")
                && e.getMessage().contains("public no-argument constructor"), e.getMessage());
    }
}
