package dev.myelin.model;

import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/** Model files damaged or written by hand to hurt: each load ends in a ModelFileException naming the file and what is wrong. */
class ModelFileHostileTest {
    @TempDir
    Path dir;

    private ModelFileException loadFails(byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve("hostile.myelin"), bytes);
        long t0 = System.nanoTime();
        ModelFileException e = assertThrows(ModelFileException.class, () -> Sequential.load(f));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "took " + (System.nanoTime() - t0) / 1e6 + " ms");
        assertTrue(e.getMessage().startsWith("cannot load a model from " + f + ": "), e.getMessage());
        return e;
    }

    private String unitsSetTo(Consumer<JsonObject> set) throws IOException {
        return loadFails(ModelFiles.editJson(ModelFiles.valid(dir), root -> set.accept(ModelFiles.firstWith(root, "units"))))
                .getMessage();
    }

    @Test
    void unitsOfThirtyMillionAreRefusedBeforeTheWeightsAreAllocated() throws IOException {
        // 30,000,000 units after 18 features: 540 million floats (2.2 GB), refused from weights.bin's size.
        String m = unitsSetTo(d -> d.addProperty("units", 30_000_000));
        assertTrue(m.contains("weights.bin holds"), m);
        assertTrue(m.contains("Dense 'dense"), m);
    }

    @Test
    void unitsThatOverflowOrAreNotIntegersNameTheLayerAndField() throws IOException {
        assertTrue(unitsSetTo(d -> d.addProperty("units", Integer.MAX_VALUE)).contains("weights.bin holds"));
        for (var bad : Map.<String, com.google.gson.JsonElement>of("1e30", com.google.gson.JsonParser.parseString("1e30"), "null", JsonNull.INSTANCE,
                "\"relu\" (a string)", new JsonPrimitive("relu"), "-3", new JsonPrimitive(-3),
                "2.5", new JsonPrimitive(2.5), "true (a boolean)", new JsonPrimitive(true)).entrySet()) {
            String m = unitsSetTo(d -> d.add("units", bad.getValue()));
            assertTrue(m.contains("model.json: layer 5: Dense layer 'dense"), m);
            assertTrue(m.contains("field \"units\": expected an integer from 1 to 2147483647, found " + bad.getKey()), m);
        }
        String m = unitsSetTo(d -> d.remove("units"));
        assertTrue(m.contains("field \"units\": expected an integer from 1 to 2147483647, found nothing (the field is missing)"), m);
    }

    @Test
    void aFlippedBitInsideTheWeightsIsCaughtByTheZipCrc() throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(ModelFiles.valid(dir));
        byte[] stored = ModelFiles.zip(entries, true);
        byte[] w = entries.get(ModelFiles.WEIGHTS);
        // Find weights.bin's bytes in the uncompressed zip and flip one bit in the middle of them.
        int at = indexOf(stored, w) + w.length / 2;
        stored[at] ^= 0x10;
        String m = loadFails(stored).getMessage();
        assertTrue(m.contains("weights.bin is damaged: the zip records CRC-32"), m);
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTheLayerAndParameter() throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(ModelFiles.valid(dir));
        ByteBuffer w = ByteBuffer.wrap(entries.get(ModelFiles.WEIGHTS)).order(ByteOrder.LITTLE_ENDIAN);
        w.putFloat(4 * (2 * 3 * 3 + 1), Float.NaN); // the conv's bias (kernel 2x3x3x1 first), index 1
        String m = loadFails(ModelFiles.zip(entries, false)).getMessage();
        assertTrue(m.contains("weight 1 of Conv2D 'conv2d"), m);
        assertTrue(m.contains("holds NaN at index 1"), m);
    }

    @Test
    void missingEntriesAreNamed() throws IOException {
        for (String entry : new String[] {ModelFiles.JSON, ModelFiles.WEIGHTS}) {
            Map<String, byte[]> entries = ModelFiles.entries(ModelFiles.valid(dir));
            entries.remove(entry);
            assertTrue(loadFails(ModelFiles.zip(entries, false)).getMessage().contains("it holds no " + entry));
        }
    }

    @Test
    void aModelJsonOfTheWrongShapeIsNamed() throws IOException {
        assertTrue(loadFails(ModelFiles.editJson(ModelFiles.valid(dir), root -> ModelFiles.firstWith(root, "layers").add("layers", JsonNull.INSTANCE)))
                .getMessage().contains("model.json: field \"layers\": expected an array, found null"));
        assertTrue(loadFails(ModelFiles.editJson(ModelFiles.valid(dir), root -> root.addProperty("format", 7)))
                .getMessage().contains("model.json: field \"format\": expected a string, found 7"));
        Map<String, byte[]> entries = ModelFiles.entries(ModelFiles.valid(dir));
        entries.put(ModelFiles.JSON, "{\"format\": [".getBytes());
        assertTrue(loadFails(ModelFiles.zip(entries, false)).getMessage().contains("model.json is not valid JSON"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
