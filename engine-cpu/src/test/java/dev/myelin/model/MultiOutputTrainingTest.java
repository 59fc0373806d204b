package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.data.ShapedArray;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.layers.Multiply;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.optimizers.SGD;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.GradientCheck;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Several inputs and outputs: a loss per output, loss weights, metrics per output, Keras's History keys. */
class MultiOutputTrainingTest {
    private static final int N = 24;

    /** Inputs a (3 features) and b (2), outputs "score" (1) and "pair" (2): a concatenation and a product of two branches. */
    private static Model twoHeaded() {
        SymbolicTensor a = Input.of("a", 3), b = Input.of("b", 2);
        SymbolicTensor ha = new Dense(4).activation("tanh").apply(a);
        SymbolicTensor hb = new Dense(4).activation("tanh").apply(b);
        SymbolicTensor score = new Dense(1).named("score").apply(new Concatenate().apply(ha, hb));
        SymbolicTensor pair = new Dense(2).named("pair").apply(new Multiply().apply(ha, hb));
        return new Model(List.of(a, b), List.of(score, pair)).seed(4).output(new PrintStream(PrintStream.nullOutputStream()));
    }

    private static ShapedArray random(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return ShapedArray.of(v, shape);
    }

    private static final List<ShapedArray> X = List.of(random(1, N, 3), random(2, N, 2));
    private static final List<ShapedArray> Y = List.of(random(3, N, 1), random(4, N, 2));

    private static CompileOptions options(float lr) {
        return new CompileOptions(new SGD(lr)).loss("score", "mse").loss("pair", "mse")
                .lossWeights(Map.of("pair", 0.25)).metrics(Map.of("pair", List.of("mae")));
    }

    /** The logged losses and metric against the formulas on the model's own predictions. */
    @Test
    void evaluateWeighsTheOutputsLossesAsCompiled() {
        Model m = twoHeaded();
        m.compile(options(0.1f));
        Map<String, Double> logs = m.evaluate(X, Y, N);
        assertEquals(List.of("loss", "score_loss", "pair_loss", "pair_mae"), List.copyOf(logs.keySet()));
        List<ShapedArray> p = m.predict(X, 8);
        double score = 0, pair = 0, mae = 0;
        for (int i = 0; i < N; i++) score += sq(p.get(0).data()[i] - Y.get(0).data()[i]);
        for (int i = 0; i < 2 * N; i++) {
            pair += sq(p.get(1).data()[i] - Y.get(1).data()[i]);
            mae += Math.abs(p.get(1).data()[i] - Y.get(1).data()[i]);
        }
        score /= N;
        pair /= 2 * N;
        mae /= 2 * N;
        // float32 sums of 24 to 48 terms: 1e-5 relative is far above their rounding and far below any real difference
        assertEquals(score, logs.get("score_loss"), 1e-5 * score);
        assertEquals(pair, logs.get("pair_loss"), 1e-5 * pair);
        assertEquals(mae, logs.get("pair_mae"), 1e-5 * mae);
        assertEquals(score + 0.25 * pair, logs.get("loss"), 1e-5 * (score + pair));
    }

    private static double sq(double v) { return v * v; }

    /**
     * One SGD step over the whole data moves each weight by {@code -lr * dL/dw}, where L is the weighted
     * loss: the gradient the loop applied, through the concatenation and the product, against central
     * differences of the loss that evaluate reports.
     */
    @Test
    void trainingStepFollowsTheWeightedLossGradient() {
        float lr = 0.1f;
        Model m = twoHeaded();
        m.compile(options(lr));
        Backend be = Backends.current();
        List<Tensor> params = m.params();
        float[][] before = new float[params.size()][];
        for (int i = 0; i < before.length; i++) before[i] = params.get(i).toArray();
        m.fit(X, Y, new FitOptions().epochs(1).batchSize(N).shuffle(false).verbose(0));
        float[][] stepped = new float[params.size()][];
        for (int i = 0; i < stepped.length; i++) stepped[i] = params.get(i).toArray();
        for (int i = 0; i < params.size(); i++) set(be, params.get(i), before[i]);
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            float[] values = before[i].clone();
            for (int j = 0; j < values.length; j += 3) {
                values[j] = (float) (before[i][j] + GradientCheck.STEP);
                set(be, p, values);
                double plus = m.evaluate(X, Y, N).get("loss");
                values[j] = (float) (before[i][j] - GradientCheck.STEP);
                set(be, p, values);
                double minus = m.evaluate(X, Y, N).get("loss");
                values[j] = before[i][j];
                set(be, p, values);
                double numeric = (plus - minus) / (2 * GradientCheck.STEP);
                double applied = (before[i][j] - stepped[i][j]) / lr;
                double allowed = GradientCheck.ABSOLUTE + GradientCheck.RELATIVE * Math.max(Math.abs(numeric), Math.abs(applied));
                if (Math.abs(numeric - applied) > allowed) {
                    fail("weight " + i + " " + p.shape() + " element " + j + ": step applied gradient " + applied + ", finite difference " + numeric);
                }
            }
        }
    }

    private static void set(Backend be, Tensor p, float[] values) {
        try (Tensor src = be.fromArray(p.shape(), values, 0)) {
            be.copyInto(src, p);
        }
    }

    @Test
    void fitLearnsAndLogsKerasKeys() {
        Model m = twoHeaded();
        m.compile(options(0.2f));
        History h = m.fit(X, Y, new FitOptions().epochs(30).batchSize(8).validationSplit(0.25).verbose(0));
        assertEquals(List.of("loss", "score_loss", "pair_loss", "pair_mae", "val_loss", "val_score_loss", "val_pair_loss", "val_pair_mae"),
                List.copyOf(h.history().keySet()));
        List<Double> loss = h.history().get("loss");
        assertTrue(loss.get(29) < 0.8 * loss.get(0), "loss falls: " + loss);
    }

    @Test
    void lossListAndWeightListWork() {
        Model m = twoHeaded();
        m.compile(new CompileOptions(new SGD(0.1f)).losses(List.of("mse", "mae")).lossWeights(2, 1));
        Map<String, Double> logs = m.evaluate(X, Y, 8);
        assertEquals(2 * logs.get("score_loss") + logs.get("pair_loss"), logs.get("loss"), 1e-5);
    }

    @Test
    void mismatchedDataOrCompileIsNamed() {
        Model m = twoHeaded();
        m.compile(options(0.1f));
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(List.of(X.get(0)), Y, new FitOptions().verbose(0)));
        assertTrue(e.getMessage().contains("takes 2 input arrays [a, b]"), e.getMessage());
        var labels = assertThrows(IllegalArgumentException.class, () -> m.evaluate(X, List.of(Y.get(0)), 8));
        assertTrue(labels.getMessage().contains("2 outputs [score, pair]"), labels.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> m.compile(new CompileOptions(new SGD()).loss("score", "mse")).evaluate(X, Y, 8));
        assertTrue(missing.getMessage().contains("no loss for output 'pair'"), missing.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> m.compile(new CompileOptions(new SGD()).loss("mse").lossWeights(Map.of("scroe", 1.0))).evaluate(X, Y, 8));
        assertTrue(unknown.getMessage().contains("'scroe'") && unknown.getMessage().contains("[score, pair]"), unknown.getMessage());
    }

    @Test
    void compileTakesTheOptimizerFirstAsKeras() {
        Sequential s = new Sequential(new Input(3), new Dense(1));
        s.output(new PrintStream(PrintStream.nullOutputStream()));
        s.compile("adam", "mse", "mae");
        History h = s.fit(X.get(0), Y.get(0), new FitOptions().verbose(0));
        assertEquals(List.of("loss", "mae"), List.copyOf(h.history().keySet()));
        var e = assertThrows(IllegalArgumentException.class, () -> s.compile("mse", "adam"));
        assertTrue(e.getMessage().contains("optimizer first") && e.getMessage().contains("compile(\"adam\", \"mse\""), e.getMessage());
    }

    /** predict's forms: shaped for images, one row per sample, flat. */
    @Test
    void predictReturnsShapedImages() {
        SymbolicTensor in = Input.of(6, 6, 1);
        Model m = new Model(in, new Conv2D(2, 3).padding("same").apply(in));
        ShapedArray x = random(9, 5, 6, 6, 1);
        ShapedArray y = m.predict(x);
        assertEquals(dev.myelin.tensor.Shape.of(5, 6, 6, 2), y.shape());
        float[] flat = m.predict(x.data(), x.sampleShape(), 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(flat, y.data());
        assertEquals(y.get(4, 5, 5, 1), flat[flat.length - 1]);
        float[][] rows = m.predict(x.rows());
        assertEquals(5, rows.length);
        assertEquals(72, rows[0].length);
    }
}
