package dev.myelin.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.myelin.data.DataFileException;
import dev.myelin.data.Idx;
import dev.myelin.data.ShapedArray;
import dev.myelin.layers.LayerNode;
import dev.myelin.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-input acceptance run: valid IDX files (plain and gzip) and saved models, mutated by bit
 * flips, truncations, appended bytes, headers declaring up to 2^31-1 items, every {@code model.json}
 * value set to null, huge, negative, non-numeric or of the wrong type or removed, and missing zip
 * entries. Every case must end in the documented exception ({@link DataFileException},
 * {@link ModelFileException}) with a message naming the file, or in a correct load; none may take more
 * than a second or allocate more than the file could hold.
 *
 * The saved models: a CNN, a sequence model (Embedding, Masking, Bidirectional LSTM, GRU, SimpleRNN,
 * TimeDistributed, 1-D pooling and upsampling), a two-input graph (the Random* layers, BatchNormalization,
 * LayerNormalization, every merge) and a compiled model (regularizers, a schedule, the optimizer's state).
 *
 * <p>In {@code ./myelin test} it runs a sample (every 499th bit flip, every 61st truncation, 5 of the 13
 * JSON values, spread two to a path over the larger models); the full run, at the
 * acceptance's heap, is
 * {@code ./myelin test -pl engine-core,engine-cpu -Dtest=MutationRunTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmyelin.mutation.full=true -Dmyelin.test.heap=-Xmx512m}; it prints the counts.
 */
class MutationRunTest {
    static final boolean FULL = Boolean.parseBoolean(System.getProperty("myelin.mutation.full", "false"));
    /** Every bit flip and truncation in the full run; a spread-out sample in the suite, to keep it fast. */
    static final int STRIDE = FULL ? 1 : 499, CUT_STRIDE = FULL ? 1 : 61;
    private static final long SECOND = 1_000_000_000L;
    /** A model.json with more paths than this gets two of the sampled values per path, not all five (the suite's time). */
    private static final int SAMPLED_PATHS = 200;

    @TempDir
    Path dir;

    private final MutationTally tally = new MutationTally();

    @Test
    void idxFiles() throws IOException {
        byte[] plain = idx(new int[] {40, 28, 28}, 7), labels = idx(new int[] {40}, 10);
        for (var original : Map.of("images", plain, "images.gz", gzip(plain), "labels", labels, "labels.gz", gzip(labels))
                .entrySet()) {
            String name = original.getKey();
            byte[] file = original.getValue();
            // The most any mutation of a file this long may decode to (deflate: 1032-fold), plus slack.
            long allowed = 16L * 1032 * file.length + (8 << 20);
            bitFlips(file, m -> idxCase("bit flip", name, m, allowed));
            truncations(file, m -> idxCase("truncation", name, m, allowed));
            appended(file, m -> idxCase("appended bytes", name, m, allowed));
        }
        for (byte[] header : hugeHeaders()) {
            idxCase("huge header", "header", header, 8 << 20);
            idxCase("huge header", "header.gz", gzip(header), 8 << 20);
            byte[] withData = java.util.Arrays.copyOf(header, header.length + 4096);
            idxCase("huge header", "header+4096", withData, 8 << 20);
            idxCase("huge header", "header+4096.gz", gzip(withData), 8 << 20);
        }
        tally.report("IDX");
    }

    @Test
    void modelFiles() throws IOException {
        mutateModel(ModelFiles.valid(dir));
        tally.report("CNN model");
    }

    /** Embedding, Masking, Bidirectional LSTM, GRU, SimpleRNN, TimeDistributed, 1-D pooling and upsampling. */
    @Test
    void sequenceModelFiles() throws IOException {
        mutateModel(ModelFiles.sequence(dir));
        tally.report("sequence model");
    }

    /** Two inputs; the Random* layers, BatchNormalization, LayerNormalization, every merge and Concatenate. */
    @Test
    void graphModelFiles() throws IOException {
        mutateModel(ModelFiles.graph(dir));
        tally.report("graph model");
    }

    /** Regularizers, an optimizer with a schedule, losses, metrics and the optimizer's saved state. */
    @Test
    void compiledModelFiles() throws IOException {
        mutateModel(ModelFiles.compiled(dir));
        tally.report("compiled model");
    }

    private void mutateModel(byte[] model) throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(model);
        byte[] stored = ModelFiles.zip(entries, true);
        long allowed = 64L << 20; // the models are a few KB; 64 MB is far below what a 2 GB weights buffer would take
        for (var original : Map.of("deflated", model, "stored", stored).entrySet()) {
            bitFlips(original.getValue(), m -> modelCase("bit flip", m, allowed));
            truncations(original.getValue(), m -> modelCase("truncation", m, allowed));
            appended(original.getValue(), m -> modelCase("appended bytes", m, allowed));
        }
        JsonObject root = JsonParser.parseString(new String(entries.get(ModelFiles.JSON), StandardCharsets.UTF_8)).getAsJsonObject();
        List<List<Object>> paths = new ArrayList<>();
        collectPaths(root, new ArrayList<>(), paths);
        Map<String, JsonElement> values = new LinkedHashMap<>();
        values.put("null", JsonNull.INSTANCE);
        values.put("huge", JsonParser.parseString("2147483647"));
        values.put("huger", JsonParser.parseString("30000000"));
        values.put("hugest", JsonParser.parseString("1e30"));
        values.put("beyond double", JsonParser.parseString("1e400"));
        values.put("long", JsonParser.parseString("9223372036854775807"));
        values.put("negative", new JsonPrimitive(-1));
        values.put("most negative", new JsonPrimitive(Integer.MIN_VALUE));
        values.put("fraction", new JsonPrimitive(0.5));
        values.put("non-numeric", new JsonPrimitive("relu"));
        values.put("boolean", new JsonPrimitive(true));
        values.put("array", JsonParser.parseString("[1e30, -1, null]"));
        values.put("object", new JsonObject());
        if (!FULL) values.keySet().retainAll(List.of("null", "hugest", "non-numeric", "negative", "object"));
        List<String> kinds = List.copyOf(values.keySet());
        for (int i = 0; i < paths.size(); i++) {
            List<Object> path = paths.get(i);
            for (int k = 0; k < kinds.size(); k++) {
                // The sample of a large model gives each path two of the five values, in turn, so all five are spread over the paths.
                if (!FULL && paths.size() > SAMPLED_PATHS && (k - i) % kinds.size() != 0 && (k - i - 2) % kinds.size() != 0) continue;
                JsonElement v = values.get(kinds.get(k));
                modelCase("json " + kinds.get(k), "json " + kinds.get(k) + " at " + path,
                        jsonEdited(entries, root, path, p -> set(p, path, v.deepCopy())), allowed);
            }
            modelCase("json removed", "json removed at " + path, jsonEdited(entries, root, path, p -> remove(p, path)), allowed);
        }
        for (String entry : entries.keySet()) {
            Map<String, byte[]> missing = new LinkedHashMap<>(entries);
            missing.remove(entry);
            modelCase("missing entry", ModelFiles.zip(missing, false), allowed);
        }
    }

    // ---- cases ------------------------------------------------------------------------------------

    private void idxCase(String category, String name, byte[] bytes, long allowedBytes) throws IOException {
        Path f = Files.write(dir.resolve(name), bytes);
        measure(category, category + " of " + name, allowedBytes, () -> {
            try {
                Idx.Contents c = Idx.read(f);
                long size = 1;
                for (int d : c.dims()) size *= d;
                assertEquals(size, c.data().length, "a load must agree with its header");
                return true;
            } catch (DataFileException e) {
                assertTrue(e.getMessage().startsWith(f.toString()), "the message names the file: " + e.getMessage());
                return false;
            }
        });
    }

    private void modelCase(String category, byte[] bytes, long allowedBytes) throws IOException {
        modelCase(category, category, bytes, allowedBytes);
    }

    /**
     * Loads a mutated model within the time and allocation limits; a model that loads must then predict
     * (outside those limits: running a valid model is not reading a file, and a mutation may make one
     * that runs slowly, like a pooling window of 30,000,000 steps).
     */
    private void modelCase(String category, String what, byte[] bytes, long allowedBytes) throws IOException {
        Path f = Files.write(dir.resolve("mutated.myelin"), bytes);
        Model[] loaded = new Model[1];
        measure(category, what, allowedBytes, () -> {
            try {
                loaded[0] = Model.load(f);
                return true;
            } catch (ModelFileException e) {
                assertTrue(e.getMessage().startsWith("cannot load a model from " + f + ": "), e.getMessage());
                assertFalse(RAW.matcher(e.getMessage()).find(), "the message says what was expected and found: " + e.getMessage());
                return false;
            }
        });
        if (loaded[0] == null) return;
        try {
            predictsFinite(loaded[0]);
        } catch (RuntimeException | Error e) {
            // A mutation that changes a shape loads a different model; predicting zeros of its input shapes
            // is then correct, so nothing should fail here.
            throw new AssertionError(what + ": loaded, then failed: " + e, e);
        } finally {
            loaded[0].release();
        }
    }

    /** What a JVM or Gson exception's text looks like, which no message should be. */
    private static final Pattern RAW = Pattern.compile("Cannot invoke|cannot be cast|For input string|JsonNull|JsonPrimitive|"
            + "JsonObject|JsonArray|out of bounds for length|NullPointerException|ClassCastException|NumberFormatException|"
            + "UnsupportedOperationException|ArithmeticException|NegativeArraySizeException|IllegalStateException: Not a JSON");

    /** The most activation values a loaded model may need for one sample before this test runs it: 4 MB of floats. */
    private static final long MAX_ACTIVATIONS = 1 << 20;

    /**
     * A correct load predicts finite outputs of the model's output shapes, on one sample of zeros. A mutation
     * may load a valid model too large to run here (an input 30,000,000 steps long, an upsampling by a
     * million): its weights were bounded by the file, its activations are not the loader's to allocate, so
     * it counts as loaded without running.
     */
    private static void predictsFinite(Model m) {
        long activations = 0;
        for (LayerNode node : m.graph().nodes) for (var t : node.outputs()) activations += t.shape().size();
        if (activations > MAX_ACTIVATIONS) return;
        List<ShapedArray> zeros = new ArrayList<>();
        for (Shape s : m.inputShapes()) zeros.add(ShapedArray.of(new float[s.sizeAsInt()], s.prepend(1).toArray()));
        List<ShapedArray> out = m.predict(zeros, 1);
        List<Shape> shapes = m.outputShapes();
        assertEquals(shapes.size(), out.size());
        for (int k = 0; k < out.size(); k++) {
            assertEquals(shapes.get(k).size(), out.get(k).data().length, "output " + k + " has its shape's size");
            for (float v : out.get(k).data()) assertTrue(Float.isFinite(v), "a loaded model predicts finite values");
        }
    }

    @FunctionalInterface
    private interface Case {
        boolean run() throws IOException;
    }

    private void measure(String category, String what, long allowedBytes, Case c) throws IOException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long bytes0 = threads.getThreadAllocatedBytes(tid), t0 = System.nanoTime();
        boolean loaded;
        try {
            loaded = c.run();
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": escaped as " + e, e);
        }
        long took = System.nanoTime() - t0, allocated = threads.getThreadAllocatedBytes(tid) - bytes0;
        assertTrue(took < SECOND, what + " took " + took / 1e6 + " ms");
        assertTrue(allocated <= allowedBytes, what + " allocated " + allocated + " bytes, allowed " + allowedBytes);
        tally.add(category, what, loaded, took, allocated);
    }

    // ---- mutations --------------------------------------------------------------------------------

    /** Runs one mutated file; made one at a time, since all of them would not fit the heap. */
    @FunctionalInterface
    interface Mutant {
        void run(byte[] file) throws IOException;
    }

    static void bitFlips(byte[] file, Mutant each) throws IOException {
        byte[] m = file.clone();
        for (int bit = 0; bit < 8 * file.length; bit += STRIDE) {
            m[bit / 8] ^= (byte) (1 << (bit % 8));
            each.run(m);
            m[bit / 8] = file[bit / 8];
        }
    }

    static void truncations(byte[] file, Mutant each) throws IOException {
        for (int n = 0; n < file.length; n += CUT_STRIDE) each.run(java.util.Arrays.copyOf(file, n));
    }

    static void appended(byte[] file, Mutant each) throws IOException {
        SplittableRandom r = new SplittableRandom(19);
        for (int n : new int[] {1, 2, 7, 100, 4096}) {
            byte[] zeros = java.util.Arrays.copyOf(file, file.length + n);
            byte[] noise = zeros.clone();
            for (int i = file.length; i < noise.length; i++) noise[i] = (byte) r.nextInt(256);
            byte[] copy = java.util.Arrays.copyOf(file, file.length + Math.min(n, file.length));
            System.arraycopy(file, 0, copy, file.length, copy.length - file.length);
            each.run(zeros);
            each.run(noise);
            each.run(copy);
        }
    }

    /** IDX headers of rank 1 to 3 declaring 2^31-1, 2^31-9, 2^16 or 2^31-1 x 2^31-1 items. */
    private static List<byte[]> hugeHeaders() {
        List<byte[]> out = new ArrayList<>();
        int[][] dims = {{Integer.MAX_VALUE}, {Integer.MAX_VALUE - 8}, {65536, 65536}, {Integer.MAX_VALUE, Integer.MAX_VALUE},
                {60000, 28, 28}, {1, 1, Integer.MAX_VALUE}, {46341, 46341}};
        for (int[] d : dims) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * d.length);
            b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) d.length);
            for (int x : d) b.putInt(x);
            out.add(b.array());
        }
        return out;
    }

    private static byte[] idx(int[] dims, int modulo) {
        int n = 1;
        for (int d : dims) n *= d;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + n);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        for (int i = 0; i < n; i++) b.put((byte) (i * 31 % modulo));
        return b.array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    // ---- JSON paths -------------------------------------------------------------------------------

    /** Every node below the root: object keys (String) and array indices (Integer). */
    static void collectPaths(JsonElement e, List<Object> prefix, List<List<Object>> out) {
        if (e.isJsonObject()) {
            for (var m : e.getAsJsonObject().entrySet()) {
                List<Object> p = new ArrayList<>(prefix);
                p.add(m.getKey());
                out.add(p);
                collectPaths(m.getValue(), p, out);
            }
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                List<Object> p = new ArrayList<>(prefix);
                p.add(i);
                out.add(p);
                collectPaths(a.get(i), p, out);
            }
        }
    }

    private static byte[] jsonEdited(Map<String, byte[]> entries, JsonObject root, List<Object> path, Consumer<JsonObject> edit)
            throws IOException {
        JsonObject copy = root.deepCopy();
        edit.accept(copy);
        Map<String, byte[]> e = new LinkedHashMap<>(entries);
        e.put(ModelFiles.JSON, copy.toString().getBytes(StandardCharsets.UTF_8));
        return ModelFiles.zip(e, false);
    }

    private static JsonElement parent(JsonObject root, List<Object> path) {
        JsonElement e = root;
        for (Object k : path.subList(0, path.size() - 1)) {
            e = k instanceof String s ? e.getAsJsonObject().get(s) : e.getAsJsonArray().get((Integer) k);
        }
        return e;
    }

    static void set(JsonObject root, List<Object> path, JsonElement value) {
        JsonElement p = parent(root, path);
        Object last = path.getLast();
        if (last instanceof String s) p.getAsJsonObject().add(s, value);
        else p.getAsJsonArray().set((Integer) last, value);
    }

    static void remove(JsonObject root, List<Object> path) {
        JsonElement p = parent(root, path);
        Object last = path.getLast();
        if (last instanceof String s) p.getAsJsonObject().remove(s);
        else p.getAsJsonArray().remove((int) (Integer) last);
    }

}
