package dev.myelin.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MutationRunTest}'s acceptance run for the weights file and the training backup: real files,
 * mutated by bit flips, truncations, appended bytes, zip entries declaring up to 2^32-2 bytes, every
 * JSON value set to null, huge, negative, non-numeric, of the wrong type or removed, and each entry
 * missing. Every case must end in a {@link ModelFileException} whose message names the file, leaving
 * the model as it was, or in a correct load (finite values); none may take more than a second or
 * allocate more than the file could hold (1032 times its length) and 4 MB for the model's own work. {@code ./myelin test} runs a sample; the full run is
 * {@code ./myelin test -pl engine-core,engine-cpu -Dtest='*MutationRunTest' -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmyelin.mutation.full=true -Dmyelin.test.heap=-Xmx512m}; it prints the counts.
 */
class SavedStateMutationRunTest {
    private static final long SECOND = 1_000_000_000L;
    /** What a load may allocate beyond what the file can hold (1032 times its length, deflate's most): the model's own work. */
    private static final long OVERHEAD = 4L << 20;

    @TempDir
    Path dir;

    private final Sequential model = SavedStateFiles.model();
    private final MutationTally tally = new MutationTally();

    @Test
    void weightsFiles() throws IOException {
        run(SavedStateFiles.weights(dir), SavedStateFiles.WEIGHTS_JSON, SavedStateFiles.WEIGHTS_BIN, "cannot load weights from ",
                f -> model.loadWeights(f));
        tally.report("weights");
    }

    @Test
    void trainingBackups() throws IOException {
        run(SavedStateFiles.backup(dir), SavedStateFiles.STATE_JSON, SavedStateFiles.TENSORS_BIN, "cannot restore the training backup ",
                f -> SavedStateFiles.restore(model, f, new long[1]));
        tally.report("backup");
    }

    @FunctionalInterface
    private interface Load {
        void run(Path file) throws IOException;
    }

    private void run(byte[] file, String json, String bin, String prefix, Load load) throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(file);
        for (var original : Map.of("deflated", file, "stored", ModelFiles.zip(entries, true)).entrySet()) {
            MutationRunTest.bitFlips(original.getValue(), m -> one("bit flip", m, prefix, load));
            MutationRunTest.truncations(original.getValue(), m -> one("truncation", m, prefix, load));
            MutationRunTest.appended(original.getValue(), m -> one("appended bytes", m, prefix, load));
        }
        for (String entry : List.of(json, bin)) {
            for (long size : new long[] {0x7fff_fff0L, 0xffff_fffeL, 1L << 20}) one("huge declared size", declaring(entries, entry, size), prefix, load);
        }
        JsonObject root = JsonParser.parseString(new String(entries.get(json), StandardCharsets.UTF_8)).getAsJsonObject();
        List<List<Object>> paths = new ArrayList<>();
        MutationRunTest.collectPaths(root, new ArrayList<>(), paths);
        Map<String, JsonElement> values = new LinkedHashMap<>();
        values.put("null", JsonNull.INSTANCE);
        values.put("huge", new JsonPrimitive(Integer.MAX_VALUE));
        values.put("hugest", JsonParser.parseString("1e30"));
        values.put("long", JsonParser.parseString("9223372036854775807"));
        values.put("negative", new JsonPrimitive(-1));
        values.put("most negative", new JsonPrimitive(Integer.MIN_VALUE));
        values.put("fraction", new JsonPrimitive(0.5));
        values.put("NaN", JsonParser.parseString("NaN"));
        values.put("non-numeric", new JsonPrimitive("relu"));
        values.put("boolean", new JsonPrimitive(true));
        values.put("array", JsonParser.parseString("[1e30, -1, null]"));
        values.put("object", new JsonObject());
        if (!MutationRunTest.FULL) values.keySet().retainAll(List.of("null", "huge", "hugest", "negative", "non-numeric", "object"));
        for (List<Object> path : paths) {
            for (var v : values.entrySet()) {
                JsonObject edited = root.deepCopy();
                MutationRunTest.set(edited, path, v.getValue().deepCopy());
                one("json " + v.getKey(), withJson(entries, json, edited), prefix, load);
            }
            JsonObject edited = root.deepCopy();
            MutationRunTest.remove(edited, path);
            one("json removed", withJson(entries, json, edited), prefix, load);
        }
        for (String entry : entries.keySet()) {
            Map<String, byte[]> missing = new LinkedHashMap<>(entries);
            missing.remove(entry);
            one("missing entry", ModelFiles.zip(missing, false), prefix, load);
        }
    }

    private static byte[] withJson(Map<String, byte[]> entries, String json, JsonObject root) throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>(entries);
        e.put(json, root.toString().getBytes(StandardCharsets.UTF_8));
        return ModelFiles.zip(e, false);
    }

    /** The entries stored, with {@code entry}'s size in its local header and central directory set to {@code size}. */
    private static byte[] declaring(Map<String, byte[]> entries, String entry, long size) throws IOException {
        byte[] zip = ModelFiles.zip(entries, true);
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] name = entry.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 46 + name.length <= zip.length; i++) {
            int sig = b.getInt(i);
            if (sig == 0x04034b50 && matches(zip, i + 30, name)) { // local header: compressed size at 18, size at 22
                b.putInt(i + 18, (int) size).putInt(i + 22, (int) size);
            } else if (sig == 0x02014b50 && matches(zip, i + 46, name)) { // central directory: at 20 and 24
                b.putInt(i + 20, (int) size).putInt(i + 24, (int) size);
            }
        }
        return zip;
    }

    private static boolean matches(byte[] zip, int at, byte[] name) {
        if (at + name.length > zip.length) return false;
        for (int i = 0; i < name.length; i++) if (zip[at + i] != name[i]) return false;
        return true;
    }

    private void one(String category, byte[] bytes, String prefix, Load load) throws IOException {
        Path f = Files.write(dir.resolve("mutated.file"), bytes);
        float[][] before = values();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long bytes0 = threads.getThreadAllocatedBytes(tid), t0 = System.nanoTime();
        boolean loaded;
        try {
            load.run(f);
            loaded = true;
        } catch (ModelFileException e) {
            assertTrue(e.getMessage().startsWith(prefix + f + ": "), category + ": " + e.getMessage());
            loaded = false;
        } catch (RuntimeException | Error | IOException e) {
            throw new AssertionError(category + ": escaped as " + e, e);
        }
        long took = System.nanoTime() - t0, allocated = threads.getThreadAllocatedBytes(tid) - bytes0;
        long allowed = 1032L * bytes.length + OVERHEAD;
        assertTrue(took < SECOND, category + " took " + took / 1e6 + " ms");
        assertTrue(allocated <= allowed, category + " allocated " + allocated + " bytes, allowed " + allowed);
        float[][] after = values();
        for (int i = 0; i < after.length; i++) {
            if (loaded) {
                for (float v : after[i]) assertTrue(Float.isFinite(v), category + ": a load that succeeds holds finite values");
            } else {
                assertArrayEquals(before[i], after[i], category + ": a failed load changed weight " + i);
            }
        }
        tally.add(category, category, loaded, took, allocated);
    }

    private float[][] values() {
        return model.weights().stream().map(Tensor::toArray).toArray(float[][]::new);
    }
}
