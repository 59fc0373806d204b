package dev.myelin.model;

import dev.myelin.data.ShapedArray;
import dev.myelin.layers.Add;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.layers.SymbolicTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One save format for every model: a graph with a shared layer, a nested model, merges and two outputs round-trips exactly. */
class GraphSaveLoadTest {

    private static ShapedArray random(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return ShapedArray.of(v, shape);
    }

    @Test
    void graphRoundTripPredictsBitIdentically(@TempDir Path dir) throws Exception {
        SymbolicTensor innerIn = Input.of(8);
        Model inner = new Model(innerIn, new Dense(5).activation("relu").apply(innerIn)).named("branch");
        SymbolicTensor img = Input.of("img", 6, 6, 1), meta = Input.of("meta", 8);
        SymbolicTensor c = new Conv2D(3, 3).padding("same").activation("relu").apply(img);
        Conv2D shared = new Conv2D(3, 3).padding("same");
        SymbolicTensor r = new Add().apply(shared.apply(c), shared.apply(shared.apply(c)), c);
        SymbolicTensor flat = new Dense(5).apply(new Dropout(0.3).apply(new Flatten().apply(r)));
        SymbolicTensor joined = new Concatenate().apply(flat, inner.apply(meta));
        Dense frozen = new Dense(4);
        SymbolicTensor out1 = new Dense(3).named("cls").apply(frozen.apply(joined));
        SymbolicTensor out2 = new Dense(1).named("val").apply(joined);
        Model m = new Model(List.of(img, meta), List.of(out1, out2)).named("two_heads").seed(21);
        frozen.trainable(false);
        m.compile(new CompileOptions(new dev.myelin.optimizers.Adam(0.01f)).losses(List.of("mse", "mse")));
        m.output(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        List<ShapedArray> x = List.of(random(1, 10, 6, 6, 1), random(2, 10, 8));
        m.fit(x, List.of(random(3, 10, 3), random(4, 10, 1)), new FitOptions().epochs(2).batchSize(4).verbose(0));
        List<ShapedArray> before = m.predict(x, 3);

        Path file = dir.resolve("graph.myelin");
        m.save(file);
        Model loaded = Model.load(file);
        List<ShapedArray> after = loaded.predict(x, 3);
        for (int k = 0; k < 2; k++) assertArrayEquals(before.get(k).data(), after.get(k).data(), "output " + k + " bit-identical");
        assertEquals(m.summaryText(), loaded.summaryText());
        assertEquals("two_heads", loaded.name());
        assertEquals(List.of("cls", "val"), loaded.outputNames());
        Layer loadedFrozen = loaded.layers().stream().filter(l -> l.name().equals(frozen.name())).findFirst().orElseThrow();
        assertFalse(loadedFrozen.isTrainable(), "a frozen layer stays frozen");
        Layer loadedShared = loaded.layers().stream().filter(l -> l.name().equals(shared.name())).findFirst().orElseThrow();
        assertEquals(3, loadedShared.inboundNodes().size(), "the shared layer applied three times, one set of weights");
        assertThrows(java.io.IOException.class, () -> Sequential.load(file));
    }

    @Test
    void sequentialSavesToTheSameFormat(@TempDir Path dir) throws Exception {
        Sequential s = new Sequential(new Input(4), new Dense(3).activation("tanh"), new Dense(2)).seed(3);
        Path file = dir.resolve("s.myelin");
        s.save(file);
        ShapedArray x = random(5, 6, 4);
        Model asModel = Model.load(file);
        assertTrue(asModel instanceof Sequential);
        assertArrayEquals(s.predict(x).data(), asModel.predict(x).data());
        assertArrayEquals(s.predict(x).data(), Sequential.load(file).predict(x).data());
    }

    /**
     * A file in the version 1 format (Sequential only, before the functional API), written here byte
     * by byte: Dense(2) on 3 features with kernel rows (1, 2), (3, 4), (5, 6) and bias (0.5, -1), so
     * x = (1, 0, -1) gives (1 - 5 + 0.5, 2 - 6 - 1) = (-3.5, -5).
     */
    @Test
    void versionOneFilesStillLoad(@TempDir Path dir) throws Exception {
        String json = """
                {"format": "myelin.Sequential", "version": 1, "name": "old", "seed": 1337, "input_shape": [3],
                 "layers": [{"class_name": "Input", "config": {"name": "input_layer_old", "shape": [3]}},
                            {"class_name": "Dense", "config": {"name": "dense_old", "units": 2, "activation": "linear",
                                                               "use_bias": true, "kernel_initializer": "glorot_uniform"}}],
                 "weights": [{"layer": "dense_old", "shape": [3, 2]}, {"layer": "dense_old", "shape": [2]}]}
                """;
        float[] weights = {1, 2, 3, 4, 5, 6, 0.5f, -1};
        Path file = dir.resolve("v1.myelin");
        try (ZipOutputStream zip = new ZipOutputStream(new FileOutputStream(file.toFile()))) {
            zip.putNextEntry(new ZipEntry("model.json"));
            zip.write(json.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("weights.bin"));
            ByteBuffer b = ByteBuffer.allocate(weights.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float w : weights) b.putFloat(w);
            zip.write(b.array());
        }
        Sequential old = Sequential.load(file);
        assertEquals("old", old.name());
        assertArrayEquals(new float[] {-3.5f, -5f}, old.predict(new float[][] {{1, 0, -1}})[0]);
    }
}
