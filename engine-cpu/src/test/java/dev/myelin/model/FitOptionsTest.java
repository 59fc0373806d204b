package dev.myelin.model;

import dev.myelin.callbacks.CSVLogger;
import dev.myelin.callbacks.Callback;
import dev.myelin.callbacks.EarlyStopping;
import dev.myelin.callbacks.ModelCheckpoint;
import dev.myelin.data.Dataset;
import dev.myelin.data.DiskDataset;
import dev.myelin.data.DiskDatasetWriter;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** fit's Keras options and callbacks end to end, on a small binary task. */
class FitOptionsTest {
    @TempDir
    Path dir;

    private static Dataset data() {
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[100][3];
        float[] y = new float[100];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < 3; k++) x[i][k] = (float) r.nextGaussian();
            y[i] = x[i][0] - x[i][1] > 0.5 ? 1 : 0;
        }
        return Dataset.of(x, y);
    }

    private static Sequential model() {
        Sequential m = new Sequential(new Input(3), new Dense(8).activation("relu"), new Dense(1).activation("sigmoid")).seed(3);
        m.compile(new Adam(0.01), new BinaryCrossentropy());
        return m;
    }

    private static List<float[]> weights(Sequential m) {
        List<float[]> w = new ArrayList<>();
        for (Tensor t : m.weights()) w.add(t.toArray());
        return w;
    }

    private static void assertSameWeights(Sequential a, Sequential b) {
        List<float[]> wa = weights(a), wb = weights(b);
        for (int i = 0; i < wa.size(); i++) assertArrayEquals(wa.get(i), wb.get(i), "weight " + i);
    }

    @Test
    void aStreamedFileTrainsExactlyAsTheSameDataInMemory() throws IOException {
        Path f = dir.resolve("d.myds");
        try (DiskDatasetWriter w = new DiskDatasetWriter(f, data().sampleShape(), data().labelShape())) {
            w.addAll(data());
        }
        Sequential mem = model(), disk = model();
        FitOptions o = new FitOptions().epochs(3).batchSize(16).seed(9).verbose(0);
        History a = mem.fit(data(), o), b = disk.fit(DiskDataset.open(f), o);
        assertEquals(a.history(), b.history());
        assertSameWeights(mem, disk);
        assertThrows(IllegalArgumentException.class, () -> model().fit(DiskDataset.open(f), new FitOptions().validationSplit(0.1)));
    }

    @Test
    void initialEpochContinuesARunAsIfNeverStopped() {
        Sequential whole = model(), split = model();
        whole.fit(data(), new FitOptions().epochs(4).batchSize(16).seed(2).verbose(0));
        split.fit(data(), new FitOptions().epochs(2).batchSize(16).seed(2).verbose(0));
        History rest = split.fit(data(), new FitOptions().epochs(4).initialEpoch(2).batchSize(16).seed(2).verbose(0));
        assertEquals(2, rest.epochs(), "epochs 2 and 3 (0-based) of 4");
        assertSameWeights(whole, split);
    }

    @Test
    void stepsPerEpochAndValidationFrequency() {
        Sequential m = model();
        // 100 samples in batches of 16: 7 per pass; 3 epochs of 5 steps take 15 batches, running into the third pass
        History h = m.fit(data(), new FitOptions().epochs(3).batchSize(16).stepsPerEpoch(5).validationSplit(0.2).validationFreq(2).verbose(0));
        assertEquals(15, m.optimizer().iterations());
        assertEquals(3, h.history().get("loss").size());
        assertEquals(1, h.history().get("val_loss").size(), "validated after epoch 2 only");
    }

    @Test
    void classWeightIsTheSameAsTheEquivalentSampleWeight() {
        Dataset d = data();
        float[] w = new float[d.size()];
        for (int i = 0; i < w.length; i++) w[i] = d.y()[i] == 1 ? 4f : 1f;
        Sequential byClass = model(), bySample = model(), plain = model();
        FitOptions o = new FitOptions().epochs(2).batchSize(16).verbose(0);
        byClass.fit(d, o.classWeight(Map.of(1, 4.0)));
        bySample.fit(d, new FitOptions().epochs(2).batchSize(16).verbose(0).sampleWeight(w));
        plain.fit(d, new FitOptions().epochs(2).batchSize(16).verbose(0));
        assertSameWeights(byClass, bySample);
        // sample weights are split with the samples: the validation part keeps its share
        History h = model().fit(d, new FitOptions().epochs(1).batchSize(16).verbose(0).sampleWeight(w).validationSplit(0.2));
        assertTrue(h.history().containsKey("val_loss"));
        assertFalse(java.util.Arrays.equals(weights(plain).get(0), weights(byClass).get(0)), "the weights change training");
    }

    @Test
    void callbacksRunInsideFit() throws IOException {
        Sequential m = model();
        Path csv = dir.resolve("log.csv");
        List<String> tests = new ArrayList<>();
        Callback validation = new Callback() {
            @Override public void onTestBegin(Map<String, Double> logs) { tests.add("begin"); }
            @Override public void onTestEnd(Map<String, Double> logs) { tests.add("end " + logs.keySet()); }
        };
        History h = m.fit(data(), new FitOptions().epochs(30).batchSize(16).validationSplit(0.2).verbose(0).callbacks(validation,
                new ModelCheckpoint(dir.resolve("ckpt-{epoch:02d}.weights").toString()).saveWeightsOnly(true),
                new CSVLogger(csv),
                new EarlyStopping().monitor("loss").minDelta(10).patience(2)));
        // minDelta 10 makes no epoch an improvement after the first: stop after epoch index 2 (wait reaches 2)
        assertEquals(3, h.epochs());
        assertEquals(List.of("begin", "end [loss]", "begin", "end [loss]", "begin", "end [loss]"), tests, "validation's hooks, plain names");
        assertTrue(Files.exists(dir.resolve("ckpt-03.weights")));
        assertFalse(Files.exists(dir.resolve("ckpt-04.weights")));
        assertEquals(4, Files.readAllLines(csv).size(), "a header and three epochs");
        assertEquals("epoch,loss,val_loss", Files.readAllLines(csv).get(0));

        Sequential other = model();
        other.build(data().sampleShape());
        other.loadWeights(dir.resolve("ckpt-03.weights"));
        assertSameWeights(m, other);
        Sequential wider = new Sequential(new Input(3), new Dense(9), new Dense(1));
        ModelFileException e = assertThrows(ModelFileException.class, () -> wider.loadWeights(dir.resolve("ckpt-03.weights")));
        assertTrue(e.getMessage().matches("cannot load weights from .*ckpt-03.weights: weight 0 of Dense '[a-z_0-9]+' has shape"
                + " \\(3, 8\\) in the file but \\(3, 9\\) in model .*"), e.getMessage());
    }
}
