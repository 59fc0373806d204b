package dev.myelin.model;

import dev.myelin.callbacks.BackupAndRestore;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Input;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.optimizers.Adam;
import dev.myelin.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights files and training backups of the hostile-input tests: a small model (Dense, Dropout,
 * Dense, Adam) to load them into, real files saved by it, and the fuzz input layouts.
 */
final class SavedStateFiles {
    static final String WEIGHTS_JSON = "weights.json", WEIGHTS_BIN = "weights.bin";
    static final String STATE_JSON = "state.json", TENSORS_BIN = "tensors.bin";

    private SavedStateFiles() {}

    /**
     * Writes {@link SavedStateFuzzTest}'s seeds into {@code DIR/weightsFile} and {@code DIR/backupFile}:
     * each real file whole and as its entries (run by hand when a format changes; the seeds are committed).
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path tmp = Files.createTempDirectory("seeds");
        seeds(out.resolve("weightsFile"), weights(tmp), WEIGHTS_JSON, WEIGHTS_BIN);
        seeds(out.resolve("backupFile"), backup(tmp), STATE_JSON, TENSORS_BIN);
        Files.delete(tmp);
    }

    private static void seeds(Path dir, byte[] file, String json, String bin) throws IOException {
        Files.createDirectories(dir);
        Map<String, byte[]> entries = ModelFiles.entries(file);
        Files.write(dir.resolve("valid-file"), prefixed(0, file));
        Files.write(dir.resolve("valid-entries"), prefixed(1, entriesInput(entries.get(json), entries.get(bin))));
    }

    private static byte[] prefixed(int first, byte[] rest) {
        byte[] b = new byte[rest.length + 1];
        b[0] = (byte) first;
        System.arraycopy(rest, 0, b, 1, rest.length);
        return b;
    }

    /** The model every file is loaded into: 4 inputs, Dense(5), Dropout, Dense(3); compiled with Adam. */
    static Sequential model() {
        Sequential m = new Sequential(new Input(4), new Dense(5).activation("relu"), new Dropout(0.25), new Dense(3).activation("softmax"));
        m.compile(new Adam(0.01), new SparseCategoricalCrossentropy());
        m.build(dev.myelin.tensor.Shape.of(4));
        return m;
    }

    /** A weights file saved by a trained {@link #model()}. */
    static byte[] weights(Path dir) throws IOException {
        Sequential m = trained(dir, null);
        Path f = dir.resolve("seed.weights");
        m.saveWeights(f);
        byte[] bytes = Files.readAllBytes(f);
        Files.delete(f);
        m.release();
        return bytes;
    }

    /** The backup BackupAndRestore wrote after two epochs of training {@link #model()}. */
    static byte[] backup(Path dir) throws IOException {
        Path backups = dir.resolve("backup");
        trained(dir, new BackupAndRestore(backups).deleteCheckpoint(false)).release();
        Path f = backups.resolve(BackupAndRestore.FILE);
        byte[] bytes = Files.readAllBytes(f);
        Files.delete(f);
        Files.delete(backups);
        return bytes;
    }

    private static Sequential trained(Path dir, BackupAndRestore backup) {
        Sequential m = model();
        float[] x = new float[32 * 4], y = new float[32];
        for (int i = 0; i < x.length; i++) x[i] = (i * 37 % 11) / 11f;
        for (int i = 0; i < y.length; i++) y[i] = i % 3;
        FitOptions o = new FitOptions().epochs(2).batchSize(8).verbose(0).seed(3);
        if (backup != null) o.callbacks(backup);
        m.fit(new Dataset(x, dev.myelin.tensor.Shape.of(4), y, dev.myelin.tensor.Shape.of(1)), o);
        return m;
    }

    /** Restores {@code file} into {@code m} as fit would (weights, Adam's slots, the Dropout's random stream). */
    static TrainingBackup.Restored restore(Sequential m, Path file, long[] positions) throws IOException {
        List<Tensor> weights = m.weights(), params = m.params();
        return TrainingBackup.restore(file, weights, WeightNames.of(m.allLayers(), weights, "the model"), m.optimizer(),
                params, WeightNames.of(m.allLayers(), params, "the model"), positions, false);
    }

    /** The fuzz layout of two entries: a 4-byte big-endian length, that many bytes of the first, then the second. */
    static byte[] entriesInput(byte[] first, byte[] second) {
        return ByteBuffer.allocate(4 + first.length + second.length).putInt(first.length).put(first).put(second).array();
    }

    /** {@link #entriesInput} taken apart and zipped (stored, with valid CRCs) under {@code names}. */
    static byte[] zipEntries(byte[] input, String firstName, String secondName) throws IOException {
        int n = input.length < 4 ? 0 : Math.min(Math.max(ByteBuffer.wrap(input).getInt(), 0), input.length - 4);
        int from = Math.min(4, input.length);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(firstName, Arrays.copyOfRange(input, from, from + n));
        entries.put(secondName, Arrays.copyOfRange(input, from + n, input.length));
        return ModelFiles.zip(entries, true);
    }
}
