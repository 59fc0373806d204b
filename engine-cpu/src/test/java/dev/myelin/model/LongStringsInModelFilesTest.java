package dev.myelin.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every string of a saved model.json replaced, one at a time, by 100,000 characters: the model loads,
 * or its error stays short enough to read (a log line, not the file quoted back).
 */
class LongStringsInModelFilesTest {
    private static final int LONG = 100_000;
    /** Room for the file's path, the entry, the layer and field names, and a 60-character quotation. */
    private static final int READABLE = 1_000;

    @TempDir
    Path dir;

    @Test
    void everyStringFieldReplacedByALongOneGivesAShortError() throws IOException {
        List<String> tooLong = new ArrayList<>();
        int refused = 0;
        for (byte[] model : List.of(ModelFiles.valid(dir), ModelFiles.sequence(dir), ModelFiles.graph(dir), ModelFiles.compiled(dir))) {
            JsonObject root = JsonParser.parseString(new String(ModelFiles.entries(model).get(ModelFiles.JSON), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            for (String path : stringPaths(root, "")) {
                Path f = Files.write(dir.resolve("long.myelin"), ModelFiles.editJson(model, r -> set(r, path, "x".repeat(LONG))));
                try {
                    Model.load(f).release();
                } catch (ModelFileException e) {
                    refused++;
                    if (e.getMessage().length() > READABLE) tooLong.add(path + " (" + e.getMessage().length() + " characters)");
                }
            }
        }
        assertTrue(refused > 50, "most fields refuse a long string, so this test sees their messages: " + refused);
        assertTrue(tooLong.isEmpty(), "errors longer than " + READABLE + " characters: " + tooLong);
    }

    /** The paths ({@code /config/layers/2/config/padding}) of every string in {@code e}. */
    private static List<String> stringPaths(JsonElement e, String path) {
        List<String> out = new ArrayList<>();
        if (e instanceof JsonPrimitive p && p.isString()) out.add(path);
        else if (e instanceof JsonObject o) for (Map.Entry<String, JsonElement> m : o.entrySet()) out.addAll(stringPaths(m.getValue(), path + "/" + m.getKey()));
        else if (e instanceof JsonArray a) for (int i = 0; i < a.size(); i++) out.addAll(stringPaths(a.get(i), path + "/" + i));
        return out;
    }

    /** Sets the string at {@code path} (as {@link #stringPaths} writes it) to {@code value}. */
    private static void set(JsonElement root, String path, String value) {
        String[] keys = path.substring(1).split("/");
        JsonElement parent = root;
        for (int i = 0; i < keys.length - 1; i++) parent = child(parent, keys[i]);
        String last = keys[keys.length - 1];
        if (parent instanceof JsonArray a) a.set(Integer.parseInt(last), new JsonPrimitive(value));
        else parent.getAsJsonObject().addProperty(last, value);
    }

    private static JsonElement child(JsonElement e, String key) {
        return e instanceof JsonArray a ? a.get(Integer.parseInt(key)) : e.getAsJsonObject().get(key);
    }
}
