package dev.myelin.model;

import dev.myelin.backend.Backends;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.data.DataSource;
import dev.myelin.data.Dataset;
import dev.myelin.data.DiskDataset;
import dev.myelin.data.DiskDatasetWriter;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Bidirectional;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.LayerNormalization;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.schedules.CosineDecay;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fit's warm-up runs the model's own steps and then puts everything back: a model trained after it
 * ends with the same weights and history, bit for bit, as one trained without it. The models have
 * what a warm-up could leave changed: Adam's moments and step count (with a schedule that follows the
 * step count), BatchNormalization's moving statistics, Dropout's and a Bidirectional LSTM's random
 * draws.
 */
class ModelWarmUpTest {
    /** 3 steps at batch 4, then up to 5 at fit's batch, no minimum training: the steps the test checks, not the JIT. */
    private static final ModelWarmUp.Plan SHORT = new ModelWarmUp.Plan(0, 4, 3, 5, 3, Long.MAX_VALUE, Long.MAX_VALUE);
    private static final ModelWarmUp.Plan NEVER = new ModelWarmUp.Plan(Long.MAX_VALUE, 4, 3, 5, 3, Long.MAX_VALUE, Long.MAX_VALUE);
    /** The suite turns the warm-up off (pom.xml): these tests turn it back on. */
    private static final String PROPERTY = "myelin.cpu.warmUp";
    private final dev.myelin.backend.Backend previous = Backends.current();
    private final String previousProperty = System.getProperty(PROPERTY);

    @BeforeEach
    void cpu() {
        System.setProperty(PROPERTY, "true");
        Backends.use(new CpuBackend(), "ModelWarmUpTest");
    }

    @AfterEach
    void restore() {
        ModelWarmUp.plan = ModelWarmUp.DEFAULT;
        if (previousProperty == null) System.clearProperty(PROPERTY);
        else System.setProperty(PROPERTY, previousProperty);
        Backends.use(previous, "restored after ModelWarmUpTest");
    }

    @Test
    void aConvNetTrainsToTheSameBitsWithAndWithoutTheWarmUp() {
        SplittableRandom r = new SplittableRandom(7);
        Dataset train = images(r, 48), validation = images(r, 16);
        Supplier<Model> net = () -> new Sequential(new Input(10, 10, 1), new Conv2D(6, 3).activation("relu"), new BatchNormalization(),
                new MaxPooling2D(2), new Flatten(), new Dropout(0.3), new Dense(16).activation("relu"), new Dense(5)).seed(3);
        sameBitsWithAndWithout(net, train, validation);
    }

    @Test
    void aBidirectionalLstmWithDropoutTrainsToTheSameBitsWithAndWithoutTheWarmUp() {
        SplittableRandom r = new SplittableRandom(11);
        Dataset train = sequences(r, 48), validation = sequences(r, 16);
        Supplier<Model> net = () -> new Sequential(new Input(7), new Embedding(20, 6),
                new Bidirectional(new LSTM(5).dropout(0.25)), new Dense(3)).seed(5);
        sameBitsWithAndWithout(net, train, validation);
        assertEquals(2, net.get().randomStreams().size(), "a Bidirectional's two directions each draw their own dropout masks");
    }

    /** From a file that streams its batches through a prefetching thread: the warm-up's passes stop part way and close. */
    @Test
    void aNetTrainedFromADiskDatasetGivesTheSameBitsWithAndWithoutTheWarmUp(@TempDir Path dir) throws IOException {
        SplittableRandom r = new SplittableRandom(13);
        Path file = dir.resolve("train.bin");
        try (DiskDatasetWriter w = new DiskDatasetWriter(file, Shape.of(10, 10, 1), Shape.SCALAR)) {
            w.addAll(images(r, 48));
        }
        DiskDataset train = DiskDataset.open(file).prefetch(2);
        Dataset validation = images(r, 16);
        Supplier<Model> net = () -> new Sequential(new Input(10, 10, 1), new Conv2D(4, 3).activation("relu"), new Flatten(),
                new Dropout(0.2), new Dense(5)).seed(17);
        ModelWarmUp.plan = NEVER;
        Run without = train(net.get(), train, validation);
        ModelWarmUp.plan = SHORT;
        ModelWarmUp.forget();
        Run with = train(net.get(), train, validation);
        assertTrue(with.log.contains("Warm-up: 6 steps of this model"), with.log);
        assertEquals(without.history, with.history, "history");
        for (int i = 0; i < without.weights.size(); i++) assertArrayEquals(without.weights.get(i), with.weights.get(i), "weight " + i);
    }

    /**
     * A label out of range in a streamed file (not checked before fit, as an in-memory one is) throws in the
     * warm-up's first step, as it would in the first epoch's: the model is left as it was.
     */
    @Test
    void aStepThatThrowsLeavesTheModelAsItWas(@TempDir Path dir) throws IOException {
        SplittableRandom r = new SplittableRandom(19);
        Dataset good = images(r, 48);
        float[] y = good.y().clone();
        y[5] = 9; // 5 classes
        Path file = dir.resolve("bad.bin");
        try (DiskDatasetWriter w = new DiskDatasetWriter(file, Shape.of(10, 10, 1), Shape.SCALAR)) {
            w.addAll(new Dataset(good.x(), Shape.of(10, 10, 1), y, Shape.SCALAR));
        }
        DiskDataset bad = DiskDataset.open(file);
        Model m = new Sequential(new Input(10, 10, 1), new Flatten(), new Dense(5)).seed(23);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        m.output(new PrintStream(log, true, StandardCharsets.UTF_8));
        m.compile(new Adam(1e-2), new SparseCategoricalCrossentropy(true));
        List<float[]> before = new ArrayList<>();
        for (Tensor w : m.weights()) before.add(w.toArray());
        ModelWarmUp.plan = SHORT;
        ModelWarmUp.forget();
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> m.fit(bad, new FitOptions().epochs(2).batchSize(8).shuffle(false).verbose(2)));
        assertTrue(e.getMessage().contains("9"), e.getMessage());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("Warm-up: stopped by an error"), log.toString(StandardCharsets.UTF_8));
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("Epoch 1"), "no epoch started");
        for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), m.weights().get(i).toArray(), "weight " + i);
        assertEquals(0, m.optimizer().iterations());
    }

    @Test
    void aStatefulLstmAShortTrainingOrOnlyKnownLayersGetNoWarmUp() {
        ModelWarmUp.plan = SHORT;
        ModelWarmUp.forget();
        Model stateful = new Sequential(new Input(7), new Embedding(20, 6), new LSTM(5).stateful(true), new Dense(3));
        stateful.compile(new Adam(1e-2), new SparseCategoricalCrossentropy(true));
        assertFalse(ModelWarmUp.due(stateful, 1_000_000), "its carried states could not be put back");

        ModelWarmUp.plan = ModelWarmUp.DEFAULT;
        long enough = ModelWarmUp.DEFAULT.minTrainingSteps();
        Model dense = new Sequential(new Input(7), new Dense(3));
        assertFalse(ModelWarmUp.due(dense, enough - 1), "shorter than the minimum");
        assertTrue(ModelWarmUp.due(dense, enough), "long enough, and its layers new to this JVM");
        assertFalse(ModelWarmUp.due(new Sequential(new Input(5), new Dense(8), new Dense(2)), enough), "only kinds of layer warmed up before");
        assertTrue(ModelWarmUp.due(new Sequential(new Input(5), new Dense(8), new Dropout(0.5), new Dense(2)), enough), "a new kind: Dropout");
        assertTrue(ModelWarmUp.due(new Sequential(new Input(7), new Embedding(20, 6), new Bidirectional(new dev.myelin.layers.GRU(4))),
                enough), "new kinds, one inside a Bidirectional");

        Model big = new Sequential(new Input(100), new Dense(100), new LayerNormalization());
        big.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        long state = 4L * (100 * 100 + 100 + 2 * 100) * 3; // the weights and Adam's two slots of each: all trainable here
        assertEquals(state, ModelWarmUp.stateBytes(big));
        ModelWarmUp.plan = new ModelWarmUp.Plan(enough, 8, 40, 250, 3, Long.MAX_VALUE, state - 1);
        assertFalse(ModelWarmUp.due(big, enough), "its copy would take more than the plan allows");
        ModelWarmUp.plan = new ModelWarmUp.Plan(enough, 8, 40, 250, 3, Long.MAX_VALUE, state);
        assertTrue(ModelWarmUp.due(big, enough), "within the limit, and LayerNormalization a new kind");
    }

    /** Trains {@code net} with and without the warm-up; both give the same weights and history bits, and the warm-up ran its 6 steps. */
    private static void sameBitsWithAndWithout(Supplier<Model> net, DataSource train, Dataset validation) {
        ModelWarmUp.plan = NEVER;
        Run without = train(net.get(), train, validation);
        assertFalse(without.log.contains("Warm-up"), without.log);

        ModelWarmUp.plan = SHORT;
        ModelWarmUp.forget();
        Run with = train(net.get(), train, validation);
        assertTrue(with.log.contains("Warm-up: 6 steps of this model"),
                "the warm-up ran 3 steps at batch 4, then 3 at 8 (a quarter of the training's 12): " + with.log);

        assertEquals(without.history, with.history, "history (losses and metrics per epoch, as exact bits)");
        assertEquals(without.weights.size(), with.weights.size());
        for (int i = 0; i < without.weights.size(); i++) {
            assertArrayEquals(without.weights.get(i), with.weights.get(i), "weight " + i + " after training");
        }
    }

    private record Run(List<float[]> weights, String history, String log) {}

    /** 2 epochs of batch 8 with validation, Adam on a cosine decay over the 12 steps. */
    private static Run train(Model m, DataSource train, Dataset validation) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        m.output(new PrintStream(log, true, StandardCharsets.UTF_8));
        m.compile(new Adam(new CosineDecay(1e-2, 12)), new SparseCategoricalCrossentropy(true), "accuracy");
        History h = m.fit(train, new FitOptions().epochs(2).batchSize(8).shuffle(true).seed(9).validationData(validation).verbose(2));
        StringBuilder history = new StringBuilder();
        h.history().forEach((k, v) -> {
            history.append(k);
            for (double d : v) history.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(d)));
            history.append('\n');
        });
        List<float[]> weights = new ArrayList<>();
        for (Tensor w : m.weights()) weights.add(w.toArray());
        m.release();
        return new Run(weights, history.toString(), log.toString(StandardCharsets.UTF_8));
    }

    private static Dataset images(SplittableRandom r, int n) {
        float[] x = new float[n * 100], y = new float[n];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        for (int i = 0; i < n; i++) y[i] = r.nextInt(5);
        return new Dataset(x, Shape.of(10, 10, 1), y, Shape.SCALAR);
    }

    private static Dataset sequences(SplittableRandom r, int n) {
        float[] x = new float[n * 7], y = new float[n];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(20);
        for (int i = 0; i < n; i++) y[i] = r.nextInt(3);
        return new Dataset(x, Shape.of(7), y, Shape.SCALAR);
    }
}
