package dev.myelin.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.myelin.backend.Backend;
import dev.myelin.data.DataFileException;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Keras's {@code save_weights}/{@code load_weights} file: a zip of {@code weights.json} (each
 * weight's shape, in the model's order) and {@code weights.bin} (float32, little-endian). Written
 * atomically (beside the target, synced, renamed over it). Loading checks every shape against the
 * model's and names the first that differs.
 */
final class WeightsFile {
    static final String FORMAT = "myelin.Weights";
    private static final Gson GSON = new Gson();

    private WeightsFile() {}

    static void save(List<Tensor> weights, Path path) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new NoSuchFileException(target.toString(), null, "folder " + dir + " does not exist");
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        JsonArray shapes = new JsonArray();
        for (Tensor w : weights) shapes.add(GSON.toJsonTree(w.shape().toArray()));
        root.add("shapes", shapes);
        try (SaveTempFile tmp = SaveTempFile.create(target)) {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(tmp.output()))) {
                zip.putNextEntry(new ZipEntry("weights.json"));
                zip.write(GSON.toJson(root).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("weights.bin"));
                TensorBytes.write(zip, weights);
                zip.closeEntry();
                zip.finish();
            }
            tmp.commit(target);
        }
    }

    static void load(List<Tensor> weights, Path path, String modelName) throws IOException {
        if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString(), null, "no weights file there");
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry json = zip.getEntry("weights.json"), bin = zip.getEntry("weights.bin");
            if (json == null || bin == null) throw corrupt(path, "it lacks weights.json or weights.bin (a full model? use load)");
            JsonObject root;
            try (InputStream in = zip.getInputStream(json)) {
                root = GSON.fromJson(new String(in.readNBytes(1 << 24), StandardCharsets.UTF_8), JsonObject.class);
            }
            if (root == null || !FORMAT.equals(root.get("format").getAsString())) throw corrupt(path, "not a weights file");
            JsonArray shapes = root.getAsJsonArray("shapes");
            if (shapes.size() != weights.size()) {
                throw corrupt(path, "it holds " + shapes.size() + " weights; model '" + modelName + "' has " + weights.size());
            }
            long total = 0;
            for (int i = 0; i < weights.size(); i++) {
                Shape saved = Shape.of(GSON.fromJson(shapes.get(i), int[].class));
                if (!saved.equals(weights.get(i).shape())) {
                    throw corrupt(path, "weight " + i + " has shape " + saved + " in the file but " + weights.get(i).shape() + " in model '" + modelName + "'");
                }
                total += saved.size();
            }
            if (bin.getSize() != total * Float.BYTES) throw corrupt(path, "weights.bin holds " + bin.getSize() + " bytes; the shapes need " + total * Float.BYTES);
            byte[] bytes;
            try (InputStream in = zip.getInputStream(bin)) {
                bytes = in.readNBytes((int) (total * Float.BYTES));
            }
            if (bytes.length != total * Float.BYTES) throw corrupt(path, "weights.bin is truncated");
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor w : weights) {
                Backend be = w.backend();
                float[] v = new float[w.shape().sizeAsInt()];
                buf.asFloatBuffer().get(v);
                buf.position(buf.position() + v.length * Float.BYTES);
                try (Tensor src = be.fromArray(w.shape(), v, 0)) {
                    be.copyInto(src, w);
                }
            }
        } catch (JsonParseException | IllegalStateException | NullPointerException | ClassCastException e) {
            throw corrupt(path, "weights.json is damaged: " + e.getMessage());
        } catch (java.util.zip.ZipException e) {
            throw corrupt(path, "not a valid zip: " + e.getMessage());
        }
    }

    private static DataFileException corrupt(Path path, String why) {
        return new DataFileException(path + ": cannot load weights: " + why);
    }
}
