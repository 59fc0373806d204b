package dev.myelin.model;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz tests of the model loader: a load either succeeds or fails with a {@link ModelFileException}
 * naming the file; any other exception, an {@code OutOfMemoryError} or a hang is a finding.
 * {@code ./myelin test} replays the committed corpus in
 * {@code src/test/resources/dev/myelin/model/ModelFileFuzzTestInputs}; {@code ./myelin fuzz} fuzzes.
 */
class ModelFileFuzzTest {
    /** The whole file as the fuzzer's bytes: mostly exercises the zip layer. */
    @FuzzTest
    void modelFile(byte[] file) throws IOException {
        load(file);
    }

    /**
     * The entries, well zipped: a 4-byte big-endian length, that many bytes of {@code model.json}, then
     * {@code weights.bin}; so mutations reach the JSON and weights past the zip's CRC.
     */
    @FuzzTest
    void modelEntries(byte[] input) throws IOException {
        if (input.length < 4) return;
        int n = Math.min(Math.max(ByteBuffer.wrap(input).getInt(), 0), input.length - 4);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(ModelFiles.JSON, Arrays.copyOfRange(input, 4, 4 + n));
        entries.put(ModelFiles.WEIGHTS, Arrays.copyOfRange(input, 4 + n, input.length));
        load(ModelFiles.zip(entries, true));
    }

    /**
     * A compiled model's three entries, well zipped: two 4-byte big-endian lengths, that many bytes of
     * {@code model.json} and of {@code weights.bin}, then {@code optimizer.bin}; so mutations reach the
     * compile settings and the optimizer's saved state past the zip's CRC.
     */
    @FuzzTest
    void compiledModelEntries(byte[] input) throws IOException {
        if (input.length < 8) return;
        ByteBuffer b = ByteBuffer.wrap(input);
        int json = Math.min(Math.max(b.getInt(), 0), input.length - 8);
        int weights = Math.min(Math.max(b.getInt(), 0), input.length - 8 - json);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(ModelFiles.JSON, Arrays.copyOfRange(input, 8, 8 + json));
        entries.put(ModelFiles.WEIGHTS, Arrays.copyOfRange(input, 8 + json, 8 + json + weights));
        entries.put(ModelFiles.STATE, Arrays.copyOfRange(input, 8 + json + weights, input.length));
        load(ModelFiles.zip(entries, true));
    }

    private static void load(byte[] bytes) throws IOException {
        Path dir = Files.createTempDirectory("myelin-fuzz-model");
        Path f = dir.resolve("fuzz.myelin");
        try {
            Files.write(f, bytes);
            Model m = Model.load(f);
            m.release();
        } catch (ModelFileException e) {
            assertTrue(e.getMessage().startsWith("cannot load a model from " + f + ": "), e.getMessage());
        } finally {
            Files.deleteIfExists(f);
            Files.delete(dir);
        }
    }
}
