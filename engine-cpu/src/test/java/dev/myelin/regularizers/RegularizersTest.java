package dev.myelin.regularizers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.LayerTests;
import dev.myelin.model.FitOptions;
import dev.myelin.model.Sequential;
import dev.myelin.optimizers.SGD;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** L1, L2, L1L2 against their formulas; on Dense and Conv2D; in the loss that training shows and differentiates. */
class RegularizersTest {
    private static final float[] W = {0.5f, -1.5f, 2f, -0.25f};

    private static double penalty(Regularizer r) {
        Backend be = Backends.current();
        try (Scope s = Scope.open()) {
            return r.penalty(be.fromArray(Shape.of(2, 2), W, 0)).item();
        }
    }

    @Test
    void penaltiesFollowKerasFormulas() {
        double abs = 0.5 + 1.5 + 2 + 0.25, squares = 0.25 + 2.25 + 4 + 0.0625;
        assertEquals(0.01 * abs, penalty(Regularizers.get("l1")), 1e-7);
        assertEquals(0.01 * squares, penalty(Regularizers.get("l2")), 1e-7);
        assertEquals(0.01 * abs + 0.01 * squares, penalty(Regularizers.get("l1_l2")), 1e-7);
        assertEquals(0.3 * abs, penalty(new L1(0.3)), 1e-6);
        assertEquals(0.2 * squares, penalty(new L2(0.2)), 1e-6);
        assertEquals(0.1 * abs + 0.2 * squares, penalty(new L1L2(0.1, 0.2)), 1e-6);
        assertEquals(0.0, penalty(new L1L2(0, 0)), 0);
        assertThrows(IllegalArgumentException.class, () -> new L2(-1));
        assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l3"));
    }

    @Test
    void serializedAsKerasDoes() {
        assertEquals("{\"class_name\":\"L2\",\"config\":{\"l2\":0.01}}", Regularizers.toJson(new L2()).toString());
        Regularizer r = Regularizers.fromJson(Regularizers.toJson(new L1L2(0.5, 0.25)));
        assertEquals(0.5f, ((L1L2) r).l1());
        assertEquals(0.25f, ((L1L2) r).l2());
        assertNull(Regularizers.fromJson(null));
    }

    @Test
    void layersWithRegularizersPassTheLayerTest() throws Exception {
        LayerTests.run(() -> new Dense(3).kernelRegularizer(new L1L2(0.1, 0.2)).biasRegularizer("l2"), Shape.of(4), Shape.of(3));
        LayerTests.run(() -> new Conv2D(2, 3).kernelRegularizer("l1").biasRegularizer(new L1(0.5)), Shape.of(4, 4, 1), Shape.of(2, 2, 2));
    }

    @Test
    void sequenceLayersTakeThemToo() throws Exception {
        LayerTests.run(() -> new dev.myelin.layers.Conv1D(2, 3).kernelRegularizer("l2").biasRegularizer(new L1(0.5)), Shape.of(5, 2),
                Shape.of(3, 2));
        dev.myelin.layers.Embedding e = new dev.myelin.layers.Embedding(4, 3).embeddingsRegularizer(new L2(0.1));
        e.build(Shape.of(2));
        double expected = 0;
        for (float v : e.embeddings().toArray()) expected += 0.1 * v * v;
        try (Scope s = Scope.open()) {
            assertEquals(expected, e.regularizationLoss().item(), 1e-7);
        }
        assertEquals("{\"class_name\":\"L2\",\"config\":{\"l2\":0.1}}", e.config().get("embeddings_regularizer").toString());
        assertEquals(e.config(), dev.myelin.layers.LayerRegistry.fromConfig("Embedding", e.config()).config());
    }

    @Test
    void layerPenaltySumsKernelAndBiasAndDifferentiates() {
        Dense d = new Dense(2).kernelRegularizer(new L2(0.1)).biasRegularizer(new L1(0.2));
        d.build(Shape.of(3));
        assertNull(new Dense(2).regularizationLoss());
        float[] k = d.params().get(0).toArray(), b = {0.5f, -0.25f};
        try (Scope s = Scope.open(); Tensor src = Backends.current().fromArray(Shape.of(2), b, 0)) {
            Backends.current().copyInto(src, d.params().get(1));
            double expected = 0.2 * (0.5 + 0.25);
            for (float v : k) expected += 0.1 * v * v;
            Tensor p = d.regularizationLoss();
            assertEquals(expected, p.item(), 1e-6);
            p.backward();
            float[] gk = d.params().get(0).grad().toArray(), gb = d.params().get(1).grad().toArray();
            for (int i = 0; i < k.length; i++) assertEquals(0.2 * k[i], gk[i], 1e-6, "d(0.1 w^2)/dw = 0.2 w");
            assertArrayEquals(new float[] {0.2f, -0.2f}, gb, 1e-6f, "d(0.2 |b|)/db = 0.2 sign(b)");
        } finally {
            d.params().forEach(t -> t.setGrad(null));
        }
    }

    private static Sequential model(boolean regularized) {
        Dense d = new Dense(2);
        if (regularized) d.kernelRegularizer(new L2(0.5));
        Sequential m = new Sequential(new Input(3), d).seed(3);
        m.compile("sgd", "mse");
        return m;
    }

    private static final Dataset DATA = Dataset.of(new float[][] {{1, 2, 3}, {-1, 0.5f, 2}}, new float[][] {{1, 0}, {0, 1}});

    @Test
    void theLossShownIncludesThePenalty() {
        Sequential plain = model(false), regularized = model(true);
        regularized.build(Shape.of(3));
        double penalty = 0;
        for (float v : regularized.layers().get(1).params().get(0).toArray()) penalty += 0.5 * v * v;
        double shown = regularized.evaluate(DATA, 2).get("loss"), data = plain.evaluate(DATA, 2).get("loss");
        assertEquals(data + penalty, shown, 1e-5 * shown);
    }

    @Test
    void trainingDescendsThePenaltyToo() {
        // One SGD step (lr 0.1) on one batch: w' = w - lr (g_data + 2 * 0.5 * w), so the regularized
        // kernel ends 0.1 * w below the plain one's, element by element, from the same start.
        Sequential plain = model(false), regularized = model(true);
        plain.compile(new SGD(0.1f), dev.myelin.losses.Losses.get("mse"));
        regularized.compile(new SGD(0.1f), dev.myelin.losses.Losses.get("mse"));
        regularized.build(Shape.of(3));
        float[] start = regularized.layers().get(1).params().get(0).toArray();
        FitOptions once = new FitOptions().epochs(1).batchSize(2).shuffle(false).verbose(0);
        plain.fit(DATA, once);
        regularized.fit(DATA, once);
        float[] a = plain.layers().get(1).params().get(0).toArray(), b = regularized.layers().get(1).params().get(0).toArray();
        for (int i = 0; i < a.length; i++) assertEquals(a[i] - 0.1 * start[i], b[i], 1e-6);
    }

    @Test
    void savedWithTheModel() throws Exception {
        Sequential m = new Sequential(new Input(2, 2, 1), new Conv2D(1, 2).kernelRegularizer("l2"), new Flatten(),
                new Dense(1).kernelRegularizer(new L1L2(0.1, 0)).biasRegularizer("l1"));
        m.build(Shape.of(2, 2, 1));
        Path dir = Files.createTempDirectory("reg");
        try {
            Path file = dir.resolve("m.myelin");
            m.save(file);
            Sequential loaded = Sequential.load(file);
            for (int i = 0; i < m.layers().size(); i++) assertEquals(m.layers().get(i).config(), loaded.layers().get(i).config());
            assertEquals(m.layers().get(3).regularizationLoss().item(), loaded.layers().get(3).regularizationLoss().item(), 0);
            Files.delete(file);
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
