package dev.myelin.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JSON entry of millions of tiny values, which deflate packs a thousandfold: 8 MB of {@code 0,0,0,...}
 * is an 8 KB file, and Gson's tree of it took 400 MB of heap and 4 s. Every saved file refuses it
 * from a count of its values, before parsing, at the heap the acceptance names.
 */
class JsonBombTest {
    @TempDir
    Path dir;

    private byte[] bomb(byte[] file, String entry, String before, String after) throws IOException {
        String json = before + "0" + ",0".repeat(4_000_000) + after;
        Map<String, byte[]> e = new LinkedHashMap<>(ModelFiles.entries(file));
        e.put(entry, json.getBytes(StandardCharsets.US_ASCII));
        byte[] zip = ModelFiles.zip(e, false);
        assertTrue(zip.length < 64 << 10, "deflated to " + zip.length + " bytes");
        return zip;
    }

    private String fails(byte[] bytes, String prefix, SavedStateFuzzTest.Loader load) throws IOException {
        Path f = Files.write(dir.resolve("bomb.file"), bytes);
        long t0 = System.nanoTime();
        ModelFileException e = assertThrows(ModelFileException.class, () -> load.load(f));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, "refused in " + ms + " ms");
        assertTrue(e.getMessage().startsWith(prefix + f + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aModelFile() throws IOException {
        String m = fails(bomb(ModelFiles.valid(dir), ModelFiles.JSON, "{\"format\":\"myelin.Model\",\"config\":[", "]}"),
                "cannot load a model from ", Sequential::load);
        assertTrue(m.endsWith("model.json holds up to 4000006 JSON values; it may hold at most 1000000"), m);
    }

    @Test
    void aWeightsFile() throws IOException {
        Sequential model = SavedStateFiles.model();
        String m = fails(bomb(SavedStateFiles.weights(dir), SavedStateFiles.WEIGHTS_JSON, "{\"format\":\"myelin.Weights\",\"shapes\":[", "]}"),
                "cannot load weights from ", model::loadWeights);
        assertTrue(m.contains("weights.json declares 8000"), m); // the shapes of 4 weights take far less
    }

    @Test
    void aTrainingBackup() throws IOException {
        Sequential model = SavedStateFiles.model();
        String m = fails(bomb(SavedStateFiles.backup(dir), SavedStateFiles.STATE_JSON,
                "{\"format\":\"myelin.TrainingBackup\",\"history\":{\"loss\":[", "]}}"),
                "cannot restore the training backup ", f -> SavedStateFiles.restore(model, f, new long[1]));
        assertTrue(m.endsWith("state.json holds up to 4000008 JSON values; it may hold at most 1000185"), m);
    }
}
