package dev.myelin.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Input;
import dev.myelin.layers.MaxPooling2D;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Saved model files taken apart and put back together, for the loader's hostile-input tests. */
final class ModelFiles {
    static final String JSON = "model.json", WEIGHTS = "weights.bin";

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
