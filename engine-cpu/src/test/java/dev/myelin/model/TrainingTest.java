package dev.myelin.model;

import dev.myelin.data.Dataset;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.RMSprop;
import dev.myelin.optimizers.SGD;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end on small problems: learning, reproducibility, save/load, and bad input caught at the door. */
class TrainingTest {

    /** XOR of the signs: label 1 when x and y have the same sign. Not linearly separable. */
    static Dataset xor(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) (r.nextDouble() * 2 - 1);
            x[i][1] = (float) (r.nextDouble() * 2 - 1);
            y[i] = x[i][0] * x[i][1] > 0 ? 1f : 0f;
        }
        return Dataset.of(x, y);
    }

    static Sequential mlp() {
        return new Sequential(new Input(2), new Dense(16).activation("tanh"), new Dense(16).activation("tanh"),
                new Dense(1).activation("sigmoid")).seed(3);
    }

    private static double learnXor(Optimizer optimizer) {
        Sequential m = mlp().output(new PrintStream(PrintStream.nullOutputStream()));
        m.compile(optimizer, new BinaryCrossentropy(), "accuracy");
        History h = m.fit(xor(512, 1), new FitOptions().epochs(40).batchSize(32).verbose(0).seed(2));
        assertEquals(40, h.history().get("loss").size());
        assertTrue(h.history().get("loss").get(39) < h.history().get("loss").get(0), "loss falls: " + h.history().get("loss"));
        return m.evaluate(xor(256, 9), 64).get("accuracy");
    }

    // Chance is 0.5; a 2-16-16-1 tanh network separates the quadrants to well above 0.9 in 40 epochs.
    @Test
    void learnsXorWithAdam() {
        double acc = learnXor(new Adam(0.01f));
        assertTrue(acc > 0.9, "held-out accuracy " + acc);
    }

    @Test
    void learnsXorWithSgdMomentum() {
        double acc = learnXor(new SGD(0.1f, 0.9f, true));
        assertTrue(acc > 0.9, "held-out accuracy " + acc);
    }

    @Test
    void learnsXorWithRmsprop() {
        double acc = learnXor(new RMSprop(0.01f));
        assertTrue(acc > 0.9, "held-out accuracy " + acc);
    }

    /** The schedule sees 0-based epochs and the rate in use, and each epoch trains at what it returned. */
    @Test
    void learningRateScheduleSetsTheRateBeforeEachEpoch() {
        Sequential m = mlp().output(new PrintStream(PrintStream.nullOutputStream()));
        Adam adam = new Adam(0.01f);
        m.compile(adam, new BinaryCrossentropy(), "accuracy");
        java.util.List<String> calls = new java.util.ArrayList<>();
        java.util.List<Float> used = new java.util.ArrayList<>();
        LearningRateSchedule halving = LearningRateSchedule.decayEachEpoch(0.5f);
        m.fit(xor(64, 1), new FitOptions().epochs(3).verbose(0).seed(2)
                .learningRateSchedule((epoch, current) -> {
                    calls.add(epoch + "@" + current);
                    return halving.learningRate(epoch, current);
                })
                .onEpochEnd((epoch, epochs, logs, seconds) -> used.add(adam.learningRate())));
        assertEquals(java.util.List.of("0@0.01", "1@0.01", "2@0.005"), calls);
        assertEquals(java.util.List.of(0.01f, 0.005f, 0.0025f), used);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.decayEachEpoch(0f));
        assertThrows(IllegalArgumentException.class, () -> adam.setLearningRate(-1f));
    }

    @Test
    void sameSeedSameWeightsAndSameTraining() {
        Supplier<float[]> run = () -> {
            Sequential m = mlp();
            m.compile("adam", "binary_crossentropy", "accuracy");
            m.fit(xor(64, 1), new FitOptions().epochs(2).verbose(0).seed(4));
            return flatParams(m);
        };
        assertArrayEquals(run.get(), run.get());
        assertFalse(java.util.Arrays.equals(flatParams(mlp()), flatParams(mlp().seed(4))), "another seed, other weights");
    }

    private static float[] flatParams(Sequential m) {
        List<Float> all = new ArrayList<>();
        for (Tensor p : m.params()) for (float v : p.toArray()) all.add(v);
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }

    static Dataset images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 8 * 8];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            for (int j = 0; j < 64; j++) x[i * 64 + j] = (float) r.nextDouble() + (j / 8 / 3 == y[i] ? 1f : 0f);
        }
        return new Dataset(x, Shape.of(8, 8, 1), y, Shape.SCALAR);
    }

    static Sequential cnn() {
        return new Sequential(new Input(8, 8, 1), new Conv2D(4, 3).activation("relu"), new MaxPooling2D(2),
                new Flatten(), new Dropout(0.2), new Dense(3)).seed(11);
    }

    @Test
    void cnnTrainsWithValidationAndReportsKerasHistory() {
        Sequential m = cnn();
        m.compile(new Adam(0.01f), new SparseCategoricalCrossentropy(true), "accuracy");
        List<Integer> seen = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        m.output(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        History h = m.fit(images(200, 1), new FitOptions().epochs(3).batchSize(16).validationSplit(0.2)
                .onEpochEnd((epoch, epochs, logs, seconds) -> seen.add(epoch)));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(h.history().keySet()));
        assertEquals(List.of(1, 2, 3), seen);
        assertEquals(3, h.epochSeconds().size());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("10/10 [==============================] - "), out); // 160 training samples / 16
        assertTrue(out.matches("(?s).*Epoch 3/3 - \\d+s \\d+(us|ms|s)/step - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4}\\R.*"), out);
        // The classes differ by which band of rows is bright: three epochs are enough to beat chance (1/3) clearly.
        assertTrue(h.history().get("val_accuracy").get(2) > 0.6, "val accuracy " + h.history().get("val_accuracy"));
    }

    @Test
    void predictAfterSaveAndLoadIsBitIdentical(@TempDir Path dir) throws Exception {
        Sequential m = cnn();
        m.compile(new Adam(0.01f), new SparseCategoricalCrossentropy(true), "accuracy");
        m.fit(images(64, 2), new FitOptions().epochs(1).verbose(0));
        Dataset test = images(20, 3);
        float[] before = m.predict(test, 7);
        Path file = dir.resolve("cnn.myelin");
        m.save(file);
        Sequential loaded = Sequential.load(file);
        assertArrayEquals(before, loaded.predict(test, 7));
        assertEquals(m.summaryText(), loaded.summaryText());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "only the model file, no temporary left behind");
        }
    }

    @Test
    void failedSaveLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Sequential m = mlp();
        Path target = dir.resolve("model.myelin");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "a non-empty folder cannot be replaced by the model file");
        var e = assertThrows(java.io.IOException.class, () -> m.save(target));
        assertTrue(e.getMessage().startsWith("could not save model '" + m.name() + "' to " + target), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "no temporary file left behind");
        }
        assertThrows(java.io.IOException.class, () -> m.save(dir.resolve("missing").resolve("m.myelin")));
    }

    @Test
    void loadingAFileThatIsNotAModelNamesIt(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.myelin");
        Files.writeString(junk, "not a zip");
        var e = assertThrows(java.io.IOException.class, () -> Sequential.load(junk));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
    }

    // ---- bad input --------------------------------------------------------------------------------

    @Test
    void samplesOfAnotherShape() {
        Sequential m = cnn();
        m.compile(new Adam(), new SparseCategoricalCrossentropy(true), "accuracy");
        Dataset flat = new Dataset(new float[10 * 64], Shape.of(64), new float[10], Shape.SCALAR);
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(flat, new FitOptions().verbose(0)));
        assertTrue(e.getMessage().startsWith("model expects samples of shape (8, 8, 1), got (64,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.evaluate(flat, 4));
        assertTrue(e.getMessage().startsWith("model expects samples of shape (8, 8, 1), got (64,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(flat, 4));
        assertTrue(e.getMessage().startsWith("model expects samples of shape (8, 8, 1), got (64,)"), e.getMessage());
    }

    @Test
    void conv2dAfterDenseIsReportedAtBuildNamingBothLayers() {
        Dense dense = new Dense(10);
        Conv2D conv = new Conv2D(4, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new Input(5), dense, conv));
        assertEquals("Conv2D '" + conv.name() + "' expects input of rank 4 (batch, height, width, channels) but '"
                + dense.name() + "' outputs (None, 10)", e.getMessage());
    }

    @Test
    void labelCountMismatch() {
        Sequential m = mlp();
        m.compile("adam", "binary_crossentropy");
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(new float[10][2], new float[9], 1, 4));
        assertEquals("labels do not match inputs: 10 samples but 9 labels", e.getMessage());
    }

    @Test
    void sparseLabelOutsideTheClassRangeOrNotAnInteger() {
        Sequential m = cnn();
        m.compile(new Adam(), new SparseCategoricalCrossentropy(true), "accuracy");
        Dataset d = images(8, 4);
        d.y()[5] = 3;
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(d, new FitOptions().verbose(0)));
        assertEquals("training data: the label of sample 5 is 3, outside the class range [0, 3) of the model's output (None, 3)",
                e.getMessage());
        d.y()[5] = 1.5f;
        e = assertThrows(IllegalArgumentException.class, () -> m.fit(d, new FitOptions().verbose(0)));
        assertEquals("training data: the label of sample 5 is 1.5, not a class index; sparse_categorical_crossentropy needs "
                + "integers in [0, 3)", e.getMessage());
        d.y()[5] = -1;
        e = assertThrows(IllegalArgumentException.class, () -> m.evaluate(d, 4));
        assertTrue(e.getMessage().contains("the label of sample 5 is -1, outside the class range [0, 3)"), e.getMessage());
    }

    @Test
    void nanOrInfinityInTheInputs() {
        Sequential m = cnn();
        m.compile(new Adam(), new SparseCategoricalCrossentropy(true), "accuracy");
        Dataset d = images(8, 5);
        d.x()[3 * 64 + 10] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(d, new FitOptions().verbose(0)));
        assertEquals("training data: sample 3 contains NaN (at value 10 of the sample); inputs must be finite numbers", e.getMessage());
        d.x()[3 * 64 + 10] = Float.POSITIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(d, 4));
        assertTrue(e.getMessage().startsWith("data to predict: sample 3 contains Infinity"), e.getMessage());
    }

    @Test
    void fitBeforeCompileSaysWhatToDo() {
        var e = assertThrows(IllegalStateException.class, () -> mlp().fit(xor(8, 1), new FitOptions()));
        assertTrue(e.getMessage().contains("must be compiled before fit"), e.getMessage());
    }

    @Test
    void modelWithoutInputBuildsOnFirstFit() {
        Sequential m = new Sequential(new Dense(4).activation("relu"), new Dense(1).activation("sigmoid"));
        m.compile("sgd", "binary_crossentropy", "accuracy");
        Map<String, List<Double>> h = m.fit(xor(32, 1), new FitOptions().verbose(0)).history();
        assertEquals(Shape.of(2), m.inputShape());
        assertTrue(h.get("accuracy").get(0) >= 0 && h.get("accuracy").get(0) <= 1);
        float[][] rows = m.predict(new float[][] {{0.5f, 0.5f}, {-0.5f, 0.5f}});
        assertEquals(2, rows.length);
        assertEquals(1, rows[0].length);
    }
}
