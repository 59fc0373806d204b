package dev.myelin.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the model fuzz tests' seed inputs from a freshly saved model: {@code java ... FuzzSeeds DIR}
 * (run by hand when the file format changes; the seeds are committed).
 */
final class FuzzSeeds {
    private FuzzSeeds() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path tmp = Files.createTempDirectory("seeds");
        seeds(out, "valid-cnn", ModelFiles.valid(tmp));
        seeds(out, "valid-sequence", ModelFiles.sequence(tmp));
        seeds(out, "valid-graph", ModelFiles.graph(tmp));
        seeds(out, "valid-compiled", ModelFiles.compiled(tmp));
        Files.delete(tmp);
    }

    /** {@code model} as a seed of the three fuzz tests: the whole file, its JSON and weights, and those with its optimizer state. */
    private static void seeds(Path out, String name, byte[] model) throws IOException {
        Files.write(out.resolve("modelFile").resolve(name), model);
        Map<String, byte[]> entries = ModelFiles.entries(model);
        byte[] json = entries.get(ModelFiles.JSON), weights = entries.get(ModelFiles.WEIGHTS);
        ByteBuffer b = ByteBuffer.allocate(4 + json.length + weights.length);
        b.putInt(json.length).put(json).put(weights);
        Files.write(out.resolve("modelEntries").resolve(name), b.array());
        byte[] state = entries.getOrDefault(ModelFiles.STATE, new byte[0]);
        ByteBuffer c = ByteBuffer.allocate(8 + json.length + weights.length + state.length);
        c.putInt(json.length).putInt(weights.length).put(json).put(weights).put(state);
        Files.createDirectories(out.resolve("compiledModelEntries"));
        Files.write(out.resolve("compiledModelEntries").resolve(name), c.array());
    }
}
