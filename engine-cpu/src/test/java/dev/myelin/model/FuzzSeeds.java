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
        byte[] model = ModelFiles.valid(tmp);
        Files.write(out.resolve("modelFile").resolve("valid-cnn"), model);
        Map<String, byte[]> entries = ModelFiles.entries(model);
        byte[] json = entries.get(ModelFiles.JSON), weights = entries.get(ModelFiles.WEIGHTS);
        ByteBuffer b = ByteBuffer.allocate(4 + json.length + weights.length);
        b.putInt(json.length).put(json).put(weights);
        Files.write(out.resolve("modelEntries").resolve("valid-cnn"), b.array());
        Files.delete(tmp);
    }
}
