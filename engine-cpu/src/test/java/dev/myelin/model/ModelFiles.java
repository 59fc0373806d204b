package dev.myelin.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Add;
import dev.myelin.layers.Average;
import dev.myelin.layers.AveragePooling1D;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Bidirectional;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.GRU;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.GlobalMaxPooling1D;
import dev.myelin.layers.GlobalMaxPooling2D;
import dev.myelin.layers.Input;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.LayerNormalization;
import dev.myelin.layers.Masking;
import dev.myelin.layers.MaxPooling1D;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.layers.Maximum;
import dev.myelin.layers.Minimum;
import dev.myelin.layers.Multiply;
import dev.myelin.layers.RandomContrast;
import dev.myelin.layers.RandomCrop;
import dev.myelin.layers.RandomFlip;
import dev.myelin.layers.RandomRotation;
import dev.myelin.layers.RandomTranslation;
import dev.myelin.layers.RandomZoom;
import dev.myelin.layers.SimpleRNN;
import dev.myelin.layers.Subtract;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.layers.TimeDistributed;
import dev.myelin.layers.UpSampling1D;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.schedules.ExponentialDecay;
import dev.myelin.regularizers.L1;
import dev.myelin.regularizers.L1L2;
import dev.myelin.regularizers.L2;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Saved model files taken apart and put back together, for the loader's hostile-input tests. */
final class ModelFiles {
    static final String JSON = "model.json", WEIGHTS = "weights.bin", STATE = "optimizer.bin";

    private ModelFiles() {}

    /** A small CNN with every loadable kind of layer, saved; its bytes. */
    static byte[] valid(Path dir) throws IOException {
        Sequential m = new Sequential(new Input(8, 8, 1), new Conv2D(2, 3).activation("relu"), new MaxPooling2D(2),
                new Flatten(), new Dropout(0.25), new Dense(3).activation("softmax"));
        Path f = dir.resolve("valid.myelin");
        m.save(f);
        byte[] bytes = Files.readAllBytes(f);
        Files.delete(f);
        return bytes;
    }

    /**
     * A small sequence model with every recurrent and sequence layer: Embedding (with a regularizer),
     * Masking, Bidirectional LSTM, GRU, SimpleRNN, TimeDistributed, the 1-D poolings and UpSampling1D;
     * saved, its bytes.
     */
    static byte[] sequence(Path dir) throws IOException {
        Sequential m = new Sequential(new Input(6),
                new Embedding(10, 4).embeddingsRegularizer(new L2(0.001)),
                new Masking(0.0),
                new Bidirectional(new LSTM(3).returnSequences(true)).mergeMode("sum"),
                new GRU(3).returnSequences(true).resetAfter(false),
                new SimpleRNN(2).returnSequences(true).activation("relu"),
                new TimeDistributed(new Dense(2)),
                new MaxPooling1D(2),
                new UpSampling1D(2),
                new AveragePooling1D(2).strides(1).padding("same"),
                new GlobalMaxPooling1D(),
                new Dense(2)).named("sequence");
        return saved(m, dir);
    }

    /**
     * A small graph model with every merge, normalization and augmentation layer: two inputs, the
     * Random* layers, BatchNormalization, LayerNormalization, Add, Subtract, Multiply, Average,
     * Maximum, Minimum and Concatenate; saved, its bytes.
     */
    static byte[] graph(Path dir) throws IOException {
        SymbolicTensor img = Input.of("img", 8, 8, 1), meta = Input.of("meta", 3);
        SymbolicTensor x = new RandomFlip("horizontal").seed(3).apply(img);
        x = new RandomRotation(0.1).apply(x);
        x = new RandomZoom(0.1, 0.2).apply(x);
        x = new RandomTranslation(0.1, 0.1).apply(x);
        x = new RandomContrast(0.2).apply(x);
        x = new RandomCrop(6, 6).apply(x);
        SymbolicTensor a = new BatchNormalization().apply(new Conv2D(2, 3).padding("same").apply(x));
        SymbolicTensor b = new Conv2D(2, 3).padding("same").apply(x);
        SymbolicTensor pooled = new GlobalAveragePooling2D().apply(new Add().apply(a, b));
        SymbolicTensor peak = new GlobalMaxPooling2D().apply(new Multiply().apply(a, b));
        SymbolicTensor m = new Dense(2).apply(meta);
        SymbolicTensor merged = new Average().apply(new Subtract().apply(pooled, m), new Maximum().apply(peak, m),
                new Minimum().apply(pooled, peak));
        SymbolicTensor out = new Dense(2).apply(new LayerNormalization().apply(new Concatenate().apply(merged, m)));
        return saved(new Model(List.of(img, meta), List.of(out)).named("graph"), dir);
    }

    /**
     * A compiled model with regularizers (L1L2, L1), a learning-rate schedule and its optimizer's state
     * after a few steps; saved, its bytes.
     */
    static byte[] compiled(Path dir) throws IOException {
        Sequential m = new Sequential(new Input(4), new Dense(5).activation("relu").kernelRegularizer(new L1L2(0.01, 0.02))
                .biasRegularizer(new L1(0.01)), new Dense(3).activation("softmax")).named("compiled").seed(5);
        m.compile(new Adam(new ExponentialDecay(0.01, 5, 0.9)).clipnorm(1.0), new SparseCategoricalCrossentropy(), "accuracy");
        float[][] xs = new float[8][4];
        float[] ys = new float[8];
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < 4; k++) xs[i][k] = (float) Math.sin(i * 4 + k);
            ys[i] = i % 3;
        }
        m.output(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        m.fit(Dataset.of(xs, ys), new FitOptions().epochs(1).batchSize(4).verbose(0));
        return saved(m, dir);
    }

    private static byte[] saved(Model m, Path dir) throws IOException {
        Path f = dir.resolve(m.name() + ".myelin");
        m.save(f);
        byte[] bytes = Files.readAllBytes(f);
        Files.delete(f);
        m.release();
        return bytes;
    }

    /** The entries of a zip, in order. */
    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }

    /** A zip of {@code entries}; {@code stored} writes them uncompressed (so a flipped bit reaches the CRC check). */
    static byte[] zip(Map<String, byte[]> entries, boolean stored) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.getValue().length);
                    z.setCrc(crc.getValue());
                }
                out.putNextEntry(z);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** {@code model} with its model.json changed by {@code edit}. */
    static byte[] editJson(byte[] model, Consumer<JsonObject> edit) throws IOException {
        Map<String, byte[]> entries = entries(model);
        JsonObject root = JsonParser.parseString(new String(entries.get(JSON), StandardCharsets.UTF_8)).getAsJsonObject();
        edit.accept(root);
        entries.put(JSON, root.toString().getBytes(StandardCharsets.UTF_8));
        return zip(entries, false);
    }

    /** The first object in {@code tree} (depth first) that has {@code key}. */
    static JsonObject firstWith(JsonElement tree, String key) {
        if (tree.isJsonObject()) {
            JsonObject o = tree.getAsJsonObject();
            if (o.has(key)) return o;
            for (var e : o.entrySet()) {
                JsonObject found = firstWith(e.getValue(), key);
                if (found != null) return found;
            }
        } else if (tree.isJsonArray()) {
            for (JsonElement e : tree.getAsJsonArray()) {
                JsonObject found = firstWith(e, key);
                if (found != null) return found;
            }
        }
        return null;
    }
}
