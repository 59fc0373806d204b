package dev.myelin.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.myelin.backend.Backend;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerRegistry;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The saved-model file: a zip holding {@code model.json} (architecture: each layer's type and
 * config; the input shape; the weights' order and shapes) and {@code weights.bin} (every parameter's
 * float32 values, little-endian, in that order). Float32 round-trips exactly, so a reloaded model
 * predicts bit-identically on the same backend.
 */
final class ModelFile {
    static final String FORMAT = "myelin.Sequential";
    static final int VERSION = 1;
    private static final String JSON_ENTRY = "model.json";
    private static final String WEIGHTS_ENTRY = "weights.bin";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private ModelFile() {}

    static void save(Sequential model, Path path) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "cannot save the model: folder " + dir + " does not exist");
        }
        // Written beside the target and renamed over it, so a reader never sees half a file.
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            write(model, tmp);
            shareable(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("could not save model '" + model.name() + "' to " + target + ": " + e, e);
        }
    }

    /** Temporary files are created owner-only; a saved model should be readable like any other file. */
    private static void shareable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and other non-POSIX file systems keep their default permissions.
        }
    }

    private static void write(Sequential model, Path file) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("version", VERSION);
        root.addProperty("name", model.name());
        root.addProperty("seed", model.seed());
        root.add("input_shape", dims(model.inputShape()));
        JsonArray layers = new JsonArray();
        JsonArray weights = new JsonArray();
        for (Layer l : model.layers()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("class_name", l.typeName());
            entry.add("config", l.config());
            layers.add(entry);
            for (Tensor p : l.weights()) {
                JsonObject w = new JsonObject();
                w.addProperty("layer", l.name());
                w.add("shape", dims(p.shape()));
                weights.add(w);
            }
        }
        root.add("layers", layers);
        root.add("weights", weights);

        try (FileOutputStream fos = new FileOutputStream(file.toFile());
             ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(fos))) {
            zip.putNextEntry(new ZipEntry(JSON_ENTRY));
            zip.write(GSON.toJson(root).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(WEIGHTS_ENTRY));
            for (Tensor p : model.weights()) {
                float[] v = p.toArray();
                ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(v);
                zip.write(buf.array());
            }
            zip.closeEntry();
            zip.finish();
            zip.flush();
            fos.getFD().sync(); // on disk before the rename makes it visible
        }
    }

    static Sequential load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString(), null, "no saved model there");
        try (ZipFile zip = new ZipFile(path.toFile())) {
            JsonObject root = readJson(zip, path);
            if (!FORMAT.equals(string(root, "format")) || root.get("version").getAsInt() > VERSION) {
                throw corrupt(path, "not a " + FORMAT + " file of version " + VERSION + " or older");
            }
            List<Layer> layers = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("layers")) {
                JsonObject o = e.getAsJsonObject();
                layers.add(LayerRegistry.fromConfig(o.get("class_name").getAsString(), o.getAsJsonObject("config")));
            }
            Sequential model = new Sequential(root.get("name").getAsString(), layers.toArray(Layer[]::new));
            model.seed(root.get("seed").getAsLong());
            model.build(shape(root.getAsJsonArray("input_shape")));
            restoreWeights(zip, path, model, root.getAsJsonArray("weights"));
            return model;
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw corrupt(path, "model.json does not describe a valid model: " + e.getMessage());
        } catch (java.util.zip.ZipException e) {
            throw corrupt(path, "not a valid zip: " + e.getMessage());
        }
    }

    private static JsonObject readJson(ZipFile zip, Path path) throws IOException {
        ZipEntry entry = zip.getEntry(JSON_ENTRY);
        if (entry == null) throw corrupt(path, "it holds no " + JSON_ENTRY);
        try (InputStream in = zip.getInputStream(entry)) {
            return GSON.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), JsonObject.class);
        }
    }

    private static void restoreWeights(ZipFile zip, Path path, Sequential model, JsonArray listed) throws IOException {
        List<Tensor> params = model.weights();
        if (listed.size() != params.size()) {
            throw corrupt(path, "model.json lists " + listed.size() + " weights but the architecture has " + params.size());
        }
        ZipEntry entry = zip.getEntry(WEIGHTS_ENTRY);
        if (entry == null) throw corrupt(path, "it holds no " + WEIGHTS_ENTRY);
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
        }
        long expected = 0;
        for (Tensor p : params) expected += p.size();
        if (bytes.length != expected * Float.BYTES) {
            throw corrupt(path, WEIGHTS_ENTRY + " holds " + bytes.length + " bytes; the architecture needs " + expected * Float.BYTES);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Backend be = model.backend();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Shape saved = shape(listed.get(i).getAsJsonObject().getAsJsonArray("shape"));
            if (!saved.equals(p.shape())) {
                throw corrupt(path, "weight " + i + " of layer '" + string(listed.get(i).getAsJsonObject(), "layer") + "' has shape "
                        + saved + " in the file but " + p.shape() + " in the architecture");
            }
            float[] v = new float[p.shape().sizeAsInt()];
            buf.asFloatBuffer().get(v);
            buf.position(buf.position() + v.length * Float.BYTES);
            try (Tensor src = be.fromArray(p.shape(), v, 0)) {
                be.copyInto(src, p);
            }
        }
    }

    private static IOException corrupt(Path path, String why) {
        return new IOException("cannot load a model from " + path + ": " + why);
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null ? null : e.getAsString();
    }

    private static JsonArray dims(Shape s) {
        JsonArray a = new JsonArray();
        for (int d : s.toArray()) a.add(d);
        return a;
    }

    private static Shape shape(JsonArray a) {
        int[] d = new int[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsInt();
        return Shape.of(d);
    }
}
