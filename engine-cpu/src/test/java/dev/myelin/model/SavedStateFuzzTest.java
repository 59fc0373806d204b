package dev.myelin.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz tests of the weights file ({@link Model#loadWeights}) and the training backup (what
 * BackupAndRestore restores): a load either succeeds with finite values, or fails with a
 * {@link ModelFileException} naming the file and leaves the model as it was; any other exception, an
 * {@code OutOfMemoryError} or a hang is a finding. The first byte picks the layout: even, the whole
 * file; odd, its two entries zipped with valid CRCs (a 4-byte big-endian length, that many bytes of the
 * JSON entry, then the tensor bytes), so mutations reach the JSON and the values past the CRC check.
 * {@code ./myelin test} replays the committed corpus in
 * {@code src/test/resources/dev/myelin/model/SavedStateFuzzTestInputs}; {@code ./myelin fuzz} fuzzes.
 */
class SavedStateFuzzTest {
    private static final Sequential MODEL = SavedStateFiles.model();

    @FuzzTest
    void weightsFile(byte[] input) throws IOException {
        load(input, SavedStateFiles.WEIGHTS_JSON, SavedStateFiles.WEIGHTS_BIN, "cannot load weights from ", f -> MODEL.loadWeights(f));
    }

    @FuzzTest
    void backupFile(byte[] input) throws IOException {
        load(input, SavedStateFiles.STATE_JSON, SavedStateFiles.TENSORS_BIN, "cannot restore the training backup ", f -> {
            long[] positions = new long[1];
            TrainingBackup.Restored r = SavedStateFiles.restore(MODEL, f, positions);
            assertTrue(r.lastEpoch() >= 0 && positions[0] >= 0 && r.history().epochs() <= r.lastEpoch() + 1);
            for (Tensor t : MODEL.optimizer().variables(MODEL.params())) assertFinite(t.toArray());
        });
    }

    @FunctionalInterface
    interface Loader {
        void load(Path file) throws IOException;
    }

    private static void load(byte[] input, String json, String bin, String prefix, Loader loader) throws IOException {
        if (input.length < 1) return;
        byte[] file = (input[0] & 1) == 0 ? Arrays.copyOfRange(input, 1, input.length)
                : SavedStateFiles.zipEntries(Arrays.copyOfRange(input, 1, input.length), json, bin);
        Path dir = Files.createTempDirectory("myelin-fuzz-state");
        Path f = dir.resolve("fuzz.file");
        float[][] before = values();
        try {
            Files.write(f, file);
            loader.load(f);
            for (float[] w : values()) assertFinite(w);
        } catch (ModelFileException e) {
            assertTrue(e.getMessage().startsWith(prefix + f + ": "), e.getMessage());
            float[][] after = values();
            for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i], "a failed load changed weight " + i);
        } finally {
            Files.deleteIfExists(f);
            Files.delete(dir);
        }
    }

    private static float[][] values() {
        return MODEL.weights().stream().map(Tensor::toArray).toArray(float[][]::new);
    }

    private static void assertFinite(float[] v) {
        for (float x : v) assertTrue(Float.isFinite(x), "a load that succeeds holds finite values");
    }
}
