package dev.myelin.model;

import dev.myelin.backend.InsufficientMemoryException;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.losses.MeanSquaredError;
import dev.myelin.optimizers.SGD;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Training's answers to data and settings that cannot work: an empty data set, a batch larger than
 * the data, a loss that diverges, non-finite weights at save and load, a model larger than the heap.
 */
class FitHardeningTest {
    @TempDir
    Path dir;

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    /** y = x0 - 2 x1 on 10 samples: a regression any learning rate below about 1 learns. */
    private static Dataset line(int n) {
        float[][] x = new float[n][2];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = i % 5 - 2;
            x[i][1] = i % 3 - 1;
            y[i][0] = x[i][0] - 2 * x[i][1];
        }
        return Dataset.of(x, y);
    }

    private static Sequential model(float learningRate) {
        Sequential m = new Sequential(new Input(2), new Dense(8).activation("relu"), new Dense(1)).seed(5);
        m.output(QUIET);
        m.compile(new MeanSquaredError(), new SGD(learningRate));
        return m;
    }

    @Test
    void anEmptyDatasetIsRefused() {
        Dataset empty = new Dataset(new float[0], Shape.of(2), new float[0], Shape.of(1));
        var e = assertThrows(IllegalArgumentException.class, () -> model(0.01f).fit(empty, new FitOptions().verbose(0)));
        assertTrue(e.getMessage().contains("no samples"), e.getMessage());
    }

    @Test
    void aBatchLargerThanTheDatasetIsClampedToIt() {
        // Keras: a batch size above the sample count trains on one batch of them all.
        List<Double> reference = model(0.05f).fit(line(10), new FitOptions().epochs(3).batchSize(10).verbose(0)).history().get("loss");
        for (int batch : new int[] {11, 1_000_000, Integer.MAX_VALUE}) {
            List<Double> clamped = model(0.05f).fit(line(10), new FitOptions().epochs(3).batchSize(batch).verbose(0)).history().get("loss");
            assertEquals(reference, clamped, "batch size " + batch);
        }
    }

    @Test
    void divergenceStopsTrainingNamingTheEpochBatchAndLayer() {
        Sequential m = model(1e6f);
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> m.fit(line(64), new FitOptions().epochs(3).batchSize(4).verbose(0).shuffle(false)));
        assertTrue(e.getMessage().startsWith("training diverged in epoch " + e.epoch() + ", batch " + e.batch() + " of 16: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("Dense 'dense"), e.getMessage());
        assertTrue(e.getMessage().contains("stopOnDivergence(false)"), e.getMessage());
        assertNull(NonFinite.firstInWeights(m.layers()), "the model keeps its last finite weights");
    }

    @Test
    void divergenceCanBeLetRunAsKerasDoesWithoutTerminateOnNaN() {
        History h = model(1e6f).fit(line(64), new FitOptions().epochs(2).batchSize(4).verbose(0).stopOnDivergence(false));
        assertTrue(h.history().get("loss").get(1).isNaN(), h.history().toString());
    }

    @Test
    void aModelWithNonFiniteWeightsIsNotSavedOrLoadedUnlessAskedTo() throws IOException {
        Sequential m = model(0.01f);
        m.build(Shape.of(2));
        Tensor kernel = m.layers().get(1).weights().get(0);
        float[] v = kernel.toArray();
        v[3] = Float.NaN;
        try (Tensor nan = m.backend().fromArray(kernel.shape(), v, 0)) {
            m.backend().copyInto(nan, kernel);
        }
        Path f = dir.resolve("nan.myelin");
        IOException e = assertThrows(IOException.class, () -> m.save(f));
        assertTrue(e.getMessage().contains("weight 0 (shape (2, 8)) of Dense 'dense"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN at index 3"), e.getMessage());
        assertFalse(Files.exists(f));
        m.save(f, true, true);
        ModelFileException l = assertThrows(ModelFileException.class, () -> Sequential.load(f));
        assertTrue(l.getMessage().contains("holds NaN at index 3"), l.getMessage());
        assertTrue(Float.isNaN(Sequential.load(f, true).layers().get(1).weights().get(0).toArray()[3]));
    }

    @Test
    void aModelLargerThanTheHeapSaysHowMuchAndHowToRaiseIt() {
        long heap = Runtime.getRuntime().maxMemory();
        int units = (int) Math.min(46_000, Math.sqrt(heap / 4.0) * 1.5); // a kernel of units^2 floats, twice the heap or more
        Sequential m = new Sequential(new Input(units), new Dense(units)).seed(1);
        m.output(QUIET);
        var e = assertThrows(InsufficientMemoryException.class, () -> m.build(Shape.of(units)));
        assertTrue(e.getMessage().contains("MYELIN_JAVA_OPTS=-Xmx"), e.getMessage());
        assertTrue(e.needed() >= 4L * units * units, e.getMessage());
    }
}
