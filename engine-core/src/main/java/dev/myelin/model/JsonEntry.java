package dev.myelin.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.myelin.backend.HeapMemory;
import dev.myelin.backend.InsufficientMemoryException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Parses the JSON entry of a saved file into an object, bounded: Gson's tree takes about 100 bytes per
 * value, so 8 MB of {@code 0,0,0,...} (which deflate packs into 8 KB) would take 400 MB and seconds.
 * The values are counted first, without allocating, and refused beyond what the file may hold.
 */
final class JsonEntry {
    /** What Gson's tree takes per value, with room to spare (a JsonPrimitive, its number, its string, a list slot). */
    private static final long BYTES_PER_VALUE = 128;

    private JsonEntry() {}

    /**
     * The JSON object in {@code bytes}, which may hold at most {@code maxValues} values.
     *
     * @throws ModelFileException starting {@code action FILE:}, naming {@code entry}, when it holds more, is not
     *     valid JSON, or is not an object
     */
    static JsonObject parse(byte[] bytes, long maxValues, String action, Path file, String entry) throws ModelFileException {
        long values = 1; // each value but the first follows a ',' or ':' or opens a container: an upper bound, strings included
        for (byte b : bytes) if (b == ',' || b == ':' || b == '[' || b == '{') values++;
        if (values > maxValues) {
            throw new ModelFileException(action, file, entry + " holds up to " + values + " JSON values; it may hold at most " + maxValues, null);
        }
        try {
            HeapMemory.require(values * BYTES_PER_VALUE + 2L * bytes.length, "parsing " + entry);
        } catch (InsufficientMemoryException e) {
            throw new ModelFileException(action, file, e.getMessage(), e);
        }
        JsonElement e;
        try {
            e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonParseException | StackOverflowError x) {
            throw new ModelFileException(action, file, entry + " is not valid JSON: " + x.getMessage(), x);
        }
        if (!(e instanceof JsonObject root)) throw new ModelFileException(action, file, entry + ": expected a JSON object, found " + brief(e), null);
        return root;
    }

    private static String brief(Object o) {
        String s = String.valueOf(o);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
