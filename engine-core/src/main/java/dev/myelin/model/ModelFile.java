package dev.myelin.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.myelin.backend.Backend;
import dev.myelin.backend.InsufficientMemoryException;
import dev.myelin.layers.ConfigReader;
import dev.myelin.layers.InvalidConfigException;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerRegistry;
import dev.myelin.layers.WeightLimitException;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        SaveTempFile.removeStale(target);
        // Written beside the target and renamed over it, so a reader never sees half a file.
        try (SaveTempFile tmp = SaveTempFile.create(target)) {
            try {
                write(model, tmp.output());
                shareable(tmp.path());
                tmp.commit(target);
            } catch (IOException | RuntimeException e) {
                throw new IOException("could not save model '" + model.name() + "' to " + target + ": " + e, e);
            }
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

    private static void write(Sequential model, OutputStream file) throws IOException {
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

        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file))) {
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
        }
    }

    /** The most {@code model.json} may hold: far above any real architecture, far below the heap. */
    private static final long MAX_JSON_BYTES = 64L << 20;

    static Sequential load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString(), null, "no saved model there");
        SaveTempFile.removeStale(path);
        long length = Files.size(path);
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (IOException e) { // ZipException, or EOFException from a damaged end record
            throw new ModelFileException(path, "not a valid zip (a Myelin model file is one): " + e, e);
        }
        try (zip) {
            JsonObject root = readJson(zip, path, length);
            Sequential model;
            try {
                model = architecture(root, path);
            } catch (InvalidConfigException e) {
                throw new ModelFileException(path, JSON_ENTRY + ": " + e.getMessage(), e);
            }
            byte[] bytes = ZipEntryReader.read(zip, path, WEIGHTS_ENTRY, length, Integer.MAX_VALUE - 8);
            try {
                model.build(model.inputShape(), bytes.length / Float.BYTES);
            } catch (WeightLimitException e) {
                throw new ModelFileException(path, WEIGHTS_ENTRY + " holds " + bytes.length + " bytes (" + bytes.length / Float.BYTES
                        + " float32 values) but the architecture in " + JSON_ENTRY + " needs at least " + e.needed()
                        + " values (" + e.getMessage() + ")", e);
            } catch (InsufficientMemoryException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModelFileException(path, JSON_ENTRY + " describes a model that cannot be built: " + e.getMessage(), e);
            }
            try {
                restoreWeights(bytes, path, model, new ConfigReader(root).array("weights"));
            } catch (InvalidConfigException e) {
                throw new ModelFileException(path, JSON_ENTRY + ": " + e.getMessage(), e);
            }
            return model;
        } catch (java.util.zip.ZipException e) {
            throw new ModelFileException(path, "not a valid zip: " + e.getMessage(), e);
        }
    }

    /** The unbuilt model that {@code root} describes; every field checked. */
    private static Sequential architecture(JsonObject root, Path path) throws ModelFileException {
        ConfigReader r = new ConfigReader(root);
        String format = r.string("format");
        long version = r.longInteger("version");
        if (!FORMAT.equals(format) || version > VERSION || version < 1) {
            throw new ModelFileException(path, "not a " + FORMAT + " file of version 1 to " + VERSION + ": " + JSON_ENTRY
                    + " says format \"" + format + "\" version " + version);
        }
        JsonArray entries = r.array("layers");
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                ConfigReader entry = new ConfigReader(entries.get(i));
                layers.add(LayerRegistry.fromConfig(entry.string("class_name"), entries.get(i).getAsJsonObject().get("config")));
            } catch (InvalidConfigException e) {
                throw new InvalidConfigException("layer " + i + ": " + e.getMessage(), e);
            }
        }
        Sequential model;
        try {
            model = new Sequential(r.name(), layers.toArray(Layer[]::new));
        } catch (InvalidConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFileException(path, JSON_ENTRY + " describes a model that cannot be built: " + e.getMessage(), e);
        }
        model.seed(r.longInteger("seed"));
        model.expectInput(Shape.of(r.shape("input_shape")));
        return model;
    }

    private static JsonObject readJson(ZipFile zip, Path path, long length) throws ModelFileException {
        byte[] bytes = ZipEntryReader.read(zip, path, JSON_ENTRY, length, MAX_JSON_BYTES);
        try {
            JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) throw new ModelFileException(path, JSON_ENTRY + " is not a JSON object");
            return e.getAsJsonObject();
        } catch (JsonParseException | StackOverflowError e) {
            throw new ModelFileException(path, JSON_ENTRY + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static void restoreWeights(byte[] bytes, Path path, Sequential model, JsonArray listed) throws ModelFileException {
        List<Layer> owners = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        List<Tensor> params = new ArrayList<>();
        for (Layer l : model.layers()) {
            List<Tensor> w = l.weights();
            for (int i = 0; i < w.size(); i++) {
                owners.add(l);
                index.add(i);
                params.add(w.get(i));
            }
        }
        if (listed.size() != params.size()) {
            throw new ModelFileException(path, JSON_ENTRY + " lists " + listed.size() + " weights but the architecture has " + params.size());
        }
        long expected = 0;
        for (Tensor p : params) expected += p.size();
        if (bytes.length != expected * Float.BYTES) {
            throw new ModelFileException(path, WEIGHTS_ENTRY + " holds " + bytes.length + " bytes; the architecture needs "
                    + expected * Float.BYTES);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Backend be = model.backend();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            String which = "weight " + index.get(i) + " of " + owners.get(i).describe();
            Shape saved;
            try {
                saved = Shape.of(new ConfigReader(listed.get(i)).integers("shape", p.shape().rank(), 0, Integer.MAX_VALUE));
            } catch (InvalidConfigException e) {
                throw new ModelFileException(path, JSON_ENTRY + ", " + which + ": " + e.getMessage(), e);
            }
            if (!saved.equals(p.shape())) {
                throw new ModelFileException(path, which + " has shape " + saved + " in " + JSON_ENTRY + " but "
                        + p.shape() + " in the architecture");
            }
            float[] v = new float[p.shape().sizeAsInt()];
            buf.asFloatBuffer().get(v);
            buf.position(buf.position() + v.length * Float.BYTES);
            for (int k = 0; k < v.length; k++) {
                if (!Float.isFinite(v[k])) {
                    throw new ModelFileException(path, which + " (shape " + p.shape() + ") holds " + v[k] + " at index " + k
                            + ": a model with non-finite weights cannot predict (was it saved after training diverged?)");
                }
            }
            try (Tensor src = be.fromArray(p.shape(), v, 0)) {
                be.copyInto(src, p);
            }
        }
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
