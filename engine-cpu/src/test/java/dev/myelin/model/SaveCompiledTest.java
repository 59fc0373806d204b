package dev.myelin.model;

import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.losses.SparseCategoricalCrossentropy;
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
}
