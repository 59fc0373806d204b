package dev.myelin.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saved optimizer state, compile settings and the recurrent, wrapper and regularized layers, damaged
 * or written to hurt: each load ends in a ModelFileException naming the file, the entry or layer and
 * field, what was expected and what was found.
 */
class ModelFileStateHostileTest {
    private static final String STATE = ModelFiles.STATE;

    @TempDir
    Path dir;

    private String loadFails(byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve("hostile.myelin"), bytes);
        ModelFileException e = assertThrows(ModelFileException.class, () -> Model.load(f));
        assertTrue(e.getMessage().startsWith("cannot load a model from " + f + ": "), e.getMessage());
        return e.getMessage();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void aFlippedBitInsideTheOptimizerStateIsCaughtByTheZipCrc() throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(ModelFiles.compiled(dir));
        byte[] stored = ModelFiles.zip(entries, true), state = entries.get(STATE);
        stored[indexOf(stored, state) + state.length / 2] ^= 0x04;
        String m = loadFails(stored);
        assertTrue(m.contains(STATE + " is damaged: the zip records CRC-32"), m);
    }

    @Test
    void nonFiniteShortOrMissingStateIsNamed() throws IOException {
        Map<String, byte[]> entries = ModelFiles.entries(ModelFiles.compiled(dir));
        byte[] state = entries.get(STATE).clone();
        // Adam's slots: m then v of the first kernel (4x5), so float 3 is slot 0, index 3.
        ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN).putFloat(3 * Float.BYTES, Float.POSITIVE_INFINITY);
        entries.put(STATE, state);
        String m = loadFails(ModelFiles.zip(entries, false));
        assertTrue(m.contains(STATE + ": slot 0 (shape (4, 5)) holds Infinity at index 3"), m);

        Model forced = Model.load(Files.write(dir.resolve("forced.myelin"), ModelFiles.zip(entries, false)), true);
        assertEquals(Float.POSITIVE_INFINITY, forced.optimizer().variables(forced.params()).get(0).toArray()[3],
                "Model.load(path, true) accepts it");

        entries.put(STATE, java.util.Arrays.copyOf(state, state.length - 4));
        m = loadFails(ModelFiles.zip(entries, false));
        assertTrue(m.contains(STATE + " holds " + (state.length - 4) + " bytes; the optimizer's"), m);
        entries.put(STATE, java.util.Arrays.copyOf(state, state.length + 4));
        m = loadFails(ModelFiles.zip(entries, false));
        assertTrue(m.contains(STATE), m);
        entries.remove(STATE);
        m = loadFails(ModelFiles.zip(entries, false));
        assertTrue(m.contains("it holds no " + STATE), m);
    }

    private String compiledWith(Consumer<JsonObject> edit) throws IOException {
        return loadFails(ModelFiles.editJson(ModelFiles.compiled(dir), root -> edit.accept(root.getAsJsonObject("compile_config"))));
    }

    @Test
    void compileSettingsOfTheWrongTypeNameTheField() throws IOException {
        String m = compiledWith(c -> c.getAsJsonObject("optimizer").getAsJsonObject("config").add("beta_1", new JsonPrimitive("relu")));
        assertTrue(m.contains("model.json, compile_config: field \"optimizer\": field \"config\": field \"beta_1\": expected a finite number, "
                + "found \"relu\""), m);
        m = compiledWith(c -> c.getAsJsonObject("optimizer").getAsJsonObject("config").getAsJsonObject("learning_rate")
                .getAsJsonObject("config").addProperty("decay_steps", "x"));
        assertTrue(m.contains("field \"learning_rate\": field \"decay_steps\": expected a finite number, found \"x\""), m);
        m = compiledWith(c -> c.add("metrics", new JsonPrimitive(3)));
        assertTrue(m.contains("compile_config: field \"metrics\": expected an array, found 3"), m);
        m = compiledWith(c -> c.addProperty("optimizer_iterations", -2));
        assertTrue(m.contains("field \"optimizer_iterations\": expected a step count of at least 0, found -2"), m);
        m = compiledWith(c -> c.getAsJsonArray("loss").set(0, new JsonPrimitive(1e30)));
        assertTrue(m.contains("field \"loss[0]\": expected an object, found 1.0E30"), m);
    }

    @Test
    void layerFieldsNameTheLayerAndField() throws IOException {
        byte[] sequence = ModelFiles.sequence(dir);
        String m = loadFails(ModelFiles.editJson(sequence, root -> ModelFiles.firstWith(root, "unit_forget_bias")
                .addProperty("units", 1 << 30)));
        assertTrue(m.matches(".*Bidirectional layer 'bidirectional[_0-9]*': field \"layer\": LSTM layer 'lstm[_0-9]*': field \"units\": "
                + "expected an integer from 1 to 536870911, found 1073741824"), m);
        m = loadFails(ModelFiles.editJson(sequence, root -> ModelFiles.firstWith(root, "merge_mode").getAsJsonObject("layer")
                .addProperty("class_name", "Dense")));
        assertTrue(m.matches(".*field \"layer\": expected a SimpleRNN, LSTM or GRU, found Dense 'lstm[_0-9]*'"), m);
        m = loadFails(ModelFiles.editJson(sequence, root -> ModelFiles.firstWith(root, "embeddings_regularizer")
                .getAsJsonObject("embeddings_regularizer").getAsJsonObject("config").addProperty("l2", -1)));
        assertTrue(m.matches(".*Embedding layer 'embedding[_0-9]*': field \"embeddings_regularizer\": field \"config\": field \"l2\": "
                + "expected a number from 0.0 to 3.4028234663852886E38, found -1 .*"), m);
        m = loadFails(ModelFiles.editJson(sequence, root -> {
            JsonObject pooling = ModelFiles.firstWith(root, "pool_size");
            pooling.addProperty("pool_size", Integer.MAX_VALUE);
            pooling.addProperty("padding", "same");
        }));
        assertTrue(m.matches(".*MaxPooling1D 'max_pooling1d[_0-9]*' with pool size 2147483647 and padding \"same\" would pad the steps past.*"), m);
        m = loadFails(ModelFiles.editJson(ModelFiles.graph(dir), root -> ModelFiles.firstWith(root, "dilation_rate")
                .add("dilation_rate", com.google.gson.JsonParser.parseString("[2147483647, 1]"))));
        assertTrue(m.matches(".*Conv2D layer 'conv2d[_0-9]*': Conv2D: a 3x3 kernel dilated 2147483647x1 would span more than 2147483647 pixels"), m);
        m = loadFails(ModelFiles.editJson(ModelFiles.graph(dir), root -> ModelFiles.firstWith(root, "height_factor")
                .add("height_factor", com.google.gson.JsonParser.parseString("[0.1, null]"))));
        assertTrue(m.matches(".*RandomZoom layer 'random_zoom[_0-9]*': field \"height_factor\\[1\\]\": expected a finite number, found null"), m);
    }
}
