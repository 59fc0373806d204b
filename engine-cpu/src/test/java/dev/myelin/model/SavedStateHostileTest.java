package dev.myelin.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.myelin.callbacks.BackupAndRestore;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Weights files and training backups damaged or written by hand to hurt: each load ends in a
 * {@link ModelFileException} naming the file, the entry or field and the layer, and leaves the model
 * as it was; saves leave no temporary file behind.
 */
class SavedStateHostileTest {
    @TempDir
    Path dir;

    // ---- weights files ------------------------------------------------------------------------------

    private String weightsFail(byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve("hostile.weights"), bytes);
        Sequential m = SavedStateFiles.model();
        float[][] before = values(m);
        ModelFileException e = assertThrows(ModelFileException.class, () -> m.loadWeights(f));
        assertTrue(e.getMessage().startsWith("cannot load weights from " + f + ": "), e.getMessage());
        float[][] after = values(m);
        for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i], "a failed load left weight " + i + " as it was");
        m.release();
        return e.getMessage();
    }

    @Test
    void aWeightsFileLoadsItsValuesExactly() throws IOException {
        byte[] file = SavedStateFiles.weights(dir);
        Sequential m = SavedStateFiles.model();
        m.loadWeights(Files.write(dir.resolve("a.weights"), file));
        // the reference: weights.bin decoded here, float32 little-endian in the model's order
        ByteBuffer bin = ByteBuffer.wrap(ModelFiles.entries(file).get(SavedStateFiles.WEIGHTS_BIN)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] w : values(m)) for (float v : w) assertEquals(bin.getFloat(), v);
        assertFalse(bin.hasRemaining());
    }

    @Test
    void aFlippedBitInsideTheWeightsIsCaughtByTheZipCrc() throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(SavedStateFiles.weights(dir));
        byte[] stored = ModelFiles.zip(entries, true), w = entries.get(SavedStateFiles.WEIGHTS_BIN);
        stored[indexOf(stored, w) + w.length / 2] ^= 0x10;
        String m = weightsFail(stored);
        assertTrue(m.contains("weights.bin is damaged: the zip records CRC-32"), m);
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTheLayerAndParameterUnlessAllowed() throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(SavedStateFiles.weights(dir));
        // Dense(5) kernel (4 x 5) then its bias (5): bias index 2 is float 22
        ByteBuffer.wrap(entries.get(SavedStateFiles.WEIGHTS_BIN)).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 22, Float.POSITIVE_INFINITY);
        byte[] bytes = ModelFiles.zip(entries, false);
        String m = weightsFail(bytes);
        assertTrue(m.matches(".*weights.bin: weight 1 of Dense 'dense[_0-9]*' \\(shape \\(5,\\)\\) holds Infinity at index 2 \\(byte 88 of"
                + " weights.bin\\).*Model.loadWeights\\(path, true\\).*"), m);
        Sequential ok = SavedStateFiles.model();
        ok.loadWeights(Files.write(dir.resolve("inf.weights"), bytes), true);
        assertEquals(Float.POSITIVE_INFINITY, ok.weights().get(1).toArray()[2]);
        // and such a model is not saved as weights either, unless forced
        IOException e = assertThrows(IOException.class, () -> ok.saveWeights(dir.resolve("again.weights")));
        assertTrue(e.getMessage().contains("holds Infinity at index 2") && e.getMessage().contains("saveWeights(path, true)"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("again.weights")));
        ok.saveWeights(dir.resolve("again.weights"), true);
        assertTrue(Files.exists(dir.resolve("again.weights")));
    }

    @Test
    void shapesAreCheckedAgainstTheModelNamingTheLayer() throws IOException {
        Path f = Files.write(dir.resolve("small.weights"), SavedStateFiles.weights(dir));
        Sequential wider = new Sequential(new Input(4), new Dense(6), new Dense(3));
        ModelFileException e = assertThrows(ModelFileException.class, () -> wider.loadWeights(f));
        assertTrue(e.getMessage().matches(".*: weight 0 of Dense 'dense[_0-9]*' has shape \\(4, 5\\) in the file but \\(4, 6\\) in model .*"),
                e.getMessage());
        Sequential fewer = new Sequential(new Input(4), new Dense(3));
        e = assertThrows(ModelFileException.class, () -> fewer.loadWeights(f));
        assertTrue(e.getMessage().contains("weights.json lists 4 weights; model '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("' has 2"), e.getMessage());
    }

    @Test
    void damagedWeightsJsonNamesTheField() throws IOException {
        assertContains(weightsJson(r -> r.add("shapes", null)), "weights.json: field \"shapes\": expected an array, found null");
        assertContains(weightsJson(r -> r.addProperty("format", "myelin.Model")), "not a weights file: field \"format\" is \"myelin.Model\"");
        String m = weightsJson(r -> r.getAsJsonArray("shapes").set(2, JsonParser.parseString("[5, 1e30]")));
        assertTrue(m.contains("weights.json: the shape of weight 0 of Dense 'dense"), m);
        assertContains(m, "((5, 3) in model '");
        assertContains(m, "field \"shapes[2][1]\": expected an integer from 0 to 2147483647, found 1e30");
        m = weightsJson(r -> r.getAsJsonArray("shapes").set(0, JsonParser.parseString("[2147483647, 2147483647]")));
        assertTrue(m.contains("has shape (2147483647, 2147483647) in the file but (4, 5)"), m);
    }

    private String weightsJson(Consumer<JsonObject> edit) throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(SavedStateFiles.weights(dir));
        JsonObject root = JsonParser.parseString(new String(entries.get(SavedStateFiles.WEIGHTS_JSON), StandardCharsets.UTF_8)).getAsJsonObject();
        edit.accept(root);
        entries.put(SavedStateFiles.WEIGHTS_JSON, root.toString().getBytes(StandardCharsets.UTF_8));
        return weightsFail(ModelFiles.zip(entries, false));
    }

    @Test
    void aWholeModelFileOrAMissingEntryIsNamed() throws IOException {
        assertContains(weightsFail(ModelFiles.valid(dir)), "it is a whole model (it holds model.json, not weights.json): load it with Model.load");
        Map<String, byte[]> entries = ModelFiles.entries(SavedStateFiles.weights(dir));
        entries.remove(SavedStateFiles.WEIGHTS_BIN);
        assertTrue(weightsFail(ModelFiles.zip(entries, false)).endsWith("it holds no weights.bin"));
        assertContains(weightsFail(new byte[] {'P', 'K', 3, 4, 0}), "not a valid zip");
        assertContains(weightsFail(new byte[0]), "not a valid zip");
    }

    // ---- training backups ---------------------------------------------------------------------------

    private String backupFails(byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve("hostile.backup"), bytes);
        Sequential m = SavedStateFiles.model();
        float[][] before = values(m);
        long[] positions = {7};
        ModelFileException e = assertThrows(ModelFileException.class, () -> SavedStateFiles.restore(m, f, positions));
        assertTrue(e.getMessage().startsWith("cannot restore the training backup " + f + ": "), e.getMessage());
        float[][] after = values(m);
        for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i], "a failed restore left weight " + i + " as it was");
        assertEquals(7, positions[0], "and the random positions");
        assertEquals(0, m.optimizer().iterations(), "and the optimizer's step");
        m.release();
        return e.getMessage();
    }

    private String stateEdited(Consumer<JsonObject> edit) throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(SavedStateFiles.backup(dir));
        JsonObject root = JsonParser.parseString(new String(entries.get(SavedStateFiles.STATE_JSON), StandardCharsets.UTF_8)).getAsJsonObject();
        edit.accept(root);
        entries.put(SavedStateFiles.STATE_JSON, root.toString().getBytes(StandardCharsets.UTF_8));
        return backupFails(ModelFiles.zip(entries, false));
    }

    @Test
    void aBackupRestoresTheWeightsTheOptimizerAndTheHistory() throws IOException {
        Path f = Files.write(dir.resolve("ok.backup"), SavedStateFiles.backup(dir));
        Sequential m = SavedStateFiles.model();
        long[] positions = new long[1];
        TrainingBackup.Restored r = SavedStateFiles.restore(m, f, positions);
        assertEquals(1, r.lastEpoch(), "two epochs (0 and 1) were run");
        assertEquals(2, r.history().epochs());
        assertEquals(8, m.optimizer().iterations(), "2 epochs of 32 samples in batches of 8");
        assertTrue(positions[0] > 0, "the dropout drew masks");
    }

    @Test
    void aBackupOfAnotherModelIsNamed() throws IOException {
        Path f = Files.write(dir.resolve("other.backup"), SavedStateFiles.backup(dir));
        Sequential wider = new Sequential(new Input(4), new Dense(6), new dev.myelin.layers.Dropout(0.5), new Dense(3));
        wider.compile(new dev.myelin.optimizers.Adam(0.01), new dev.myelin.losses.SparseCategoricalCrossentropy());
        List<Tensor> w = wider.weights(), p = wider.params();
        ModelFileException e = assertThrows(ModelFileException.class, () -> TrainingBackup.restore(f, w,
                WeightNames.of(wider.allLayers(), w, "the model"), wider.optimizer(), p, WeightNames.of(wider.allLayers(), p, "the model"),
                new long[1], false));
        assertTrue(e.getMessage().matches(".*: weight 0 of Dense 'dense[_0-9]*' has shape \\(4, 5\\) in the backup but \\(4, 6\\) in this"
                + " model \\(was the backup made by another model\\?\\)"), e.getMessage());
    }

    @Test
    void damagedStateNamesTheField() throws IOException {
        assertContains(stateEdited(r -> r.add("epoch", null)), "state.json: field \"epoch\": expected an integer from 0 to 2147483646, found null");
        assertContains(stateEdited(r -> r.addProperty("epoch", 2147483647)), "field \"epoch\": expected an integer from 0 to 2147483646");
        assertContains(stateEdited(r -> r.addProperty("iterations", -1)), "field \"iterations\": expected an integer from 0, found -1");
        assertContains(stateEdited(r -> r.addProperty("learning_rate", "fast")), "field \"learning_rate\": expected a number, found \"fast\"");
        assertContains(stateEdited(r -> r.addProperty("learning_rate", -1)), "field \"learning_rate\": expected a positive finite number");
        assertContains(stateEdited(r -> r.add("random_positions", JsonParser.parseString("[1, 2]"))),
                "field \"random_positions\" holds 2 random streams; the model has 1");
        assertContains(stateEdited(r -> r.add("random_positions", JsonParser.parseString("[1e30]"))),
                "field \"random_positions[0]\": expected an integer from");
        assertContains(stateEdited(r -> r.addProperty("slots", 3)), "it holds 4 weights and 3 optimizer slots; this model and optimizer have 4 and 8");
        assertContains(stateEdited(r -> r.getAsJsonObject("history").add("loss", JsonParser.parseString("[1, 2, 3]"))),
                "field \"history.loss\": expected an array of at most 2 numbers");
        assertContains(stateEdited(r -> r.getAsJsonArray("epoch_seconds").set(0, JsonParser.parseString("{}"))),
                "field \"epoch_seconds[0]\": expected a number, found {}");
        assertContains(stateEdited(r -> r.addProperty("format", "myelin.Weights")), "not a training backup");
        assertTrue(stateEdited(r -> r.getAsJsonArray("shapes").set(6, JsonParser.parseString("[3, 5]")))
                .matches(".*the optimizer's [a-z_]+ of weight 1 of Dense 'dense[_0-9]*' has shape \\(3, 5\\) in the backup but \\(5,\\) .*"));
    }

    @Test
    void nonFiniteValuesInABackupAreRefusedNamingTheSlot() throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(SavedStateFiles.backup(dir));
        // the weights take 43 floats; the first slot of weight 0 follows
        ByteBuffer.wrap(entries.get(SavedStateFiles.TENSORS_BIN)).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 44, Float.NaN);
        String m = backupFails(ModelFiles.zip(entries, true));
        assertTrue(m.matches(".*tensors.bin: the optimizer's [a-z_]+ of weight 0 of Dense 'dense[_0-9]*' \\(shape \\(4, 5\\)\\) holds NaN at"
                + " index 1 .*stopOnDivergence\\(false\\).*"), m);
    }

    @Test
    void fitWithADamagedBackupNamesItAndLeavesTheModelAsItWas() throws IOException {
        Path backups = Files.createDirectories(dir.resolve("b"));
        Map<String, byte[]> entries = ModelFiles.entries(SavedStateFiles.backup(dir));
        entries.remove(SavedStateFiles.TENSORS_BIN);
        Files.write(backups.resolve(BackupAndRestore.FILE), ModelFiles.zip(entries, false));
        Sequential m = SavedStateFiles.model();
        float[][] before = values(m);
        Dataset data = new Dataset(new float[8 * 4], Shape.of(4), new float[8], Shape.of(1));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> m.fit(data, new FitOptions().epochs(1).verbose(0).callbacks(new BackupAndRestore(backups))));
        assertInstanceOf(ModelFileException.class, e.getCause());
        assertEquals("cannot restore the training backup " + backups.resolve(BackupAndRestore.FILE) + ": it holds no tensors.bin", e.getMessage());
        float[][] after = values(m);
        for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i]);
    }

    // ---- temporary files ----------------------------------------------------------------------------

    @Test
    void aFailedSaveLeavesNothingAndALaterSaveOrLoadRemovesStaleTemporaryFiles() throws IOException {
        Sequential m = SavedStateFiles.model();
        // a save that fails at the rename (the target is a folder that is not empty) deletes its temporary file
        Path blocked = Files.createDirectories(dir.resolve("w.weights"));
        Files.writeString(blocked.resolve("x"), "x");
        assertThrows(IOException.class, () -> m.saveWeights(blocked));
        assertEquals(List.of(), temporaryFiles(), "a failed save leaves no temporary file");

        // the leftovers of a killed save (unlocked) are removed by the next save and by a load
        Path f = dir.resolve("m.weights");
        Files.writeString(dir.resolve(".m.weights.123.tmp"), "left by a killed save");
        m.saveWeights(f);
        assertEquals(List.of(), temporaryFiles());
        Files.writeString(dir.resolve(".m.weights.456.tmp"), "left by a killed save");
        m.loadWeights(f);
        assertEquals(List.of(), temporaryFiles());

        Path backup = dir.resolve("backup.myelin");
        Files.write(backup, SavedStateFiles.backup(dir));
        Files.writeString(dir.resolve(".backup.myelin.789.tmp"), "left by a killed backup");
        SavedStateFiles.restore(m, backup, new long[1]);
        assertEquals(List.of(), temporaryFiles(), "a restore removes them too");
        Files.writeString(dir.resolve(".backup.myelin.790.tmp"), "left by a killed backup");
        TrainingBackup.save(backup, 0, new History(), m.weights(), m.optimizer(), m.params(), new long[1]);
        assertEquals(List.of(), temporaryFiles(), "and the next backup");

        Path blockedBackup = Files.createDirectories(dir.resolve("bk.myelin"));
        Files.writeString(blockedBackup.resolve("x"), "x");
        assertThrows(IOException.class,
                () -> TrainingBackup.save(blockedBackup, 0, new History(), m.weights(), m.optimizer(), m.params(), new long[1]));
        assertEquals(List.of(), temporaryFiles(), "a failed backup leaves no temporary file");
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
    }

    static float[][] values(Model m) {
        return m.weights().stream().map(Tensor::toArray).toArray(float[][]::new);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
