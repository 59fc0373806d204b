package dev.myelin.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.myelin.layers.ConfigReader;
import dev.myelin.layers.InvalidConfigException;
import dev.myelin.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.IOException;
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
 * atomically (beside the target, synced, renamed over it). A load checks the zip's CRC-32 of both
 * entries, every shape against the model's, and every value finite (by default), and copies nothing
 * into the model until all of that passed; every failure is a {@link ModelFileException} naming the
 * file, the entry and the weight.
 */
final class WeightsFile {
    static final String FORMAT = "myelin.Weights";
    static final String JSON_ENTRY = "weights.json", WEIGHTS_ENTRY = "weights.bin";
    private static final String ACTION = "cannot load weights from";
    private static final Gson GSON = new Gson();

    private WeightsFile() {}

    /** Saves {@code model}'s weights; unless {@code allowNonFinite}, NaN or infinite weights are refused. */
    static void save(Model model, Path path, boolean allowNonFinite) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new NoSuchFileException(target.toString(), null, "folder " + dir + " does not exist");
        if (!allowNonFinite) {
            String bad = NonFinite.firstInWeights(model.allLayers());
            if (bad != null) {
                throw new IOException("could not save the weights of model '" + model.name() + "' to " + target + ": " + bad
                        + "; non-finite weights cannot predict (Model.saveWeights(path, true) saves them anyway)");
            }
        }
        List<Tensor> weights = model.weights();
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        JsonArray shapes = new JsonArray();
        for (Tensor w : weights) shapes.add(GSON.toJsonTree(w.shape().toArray()));
        root.add("shapes", shapes);
        SaveTempFile.removeStale(target);
        try (SaveTempFile tmp = SaveTempFile.create(target)) {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(tmp.output()))) {
                zip.putNextEntry(new ZipEntry(JSON_ENTRY));
                zip.write(GSON.toJson(root).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(WEIGHTS_ENTRY));
                TensorBytes.write(zip, weights);
                zip.closeEntry();
                zip.finish();
            }
            tmp.commit(target);
        }
    }

    /**
     * Loads weights saved by {@link #save} into {@code model}, which must have the same weights' shapes;
     * unless {@code allowNonFinite}, NaN or infinite values are refused. A failed load leaves the model as it was.
     *
     * @throws ModelFileException naming the file, the entry or field, the weight, what was expected and what was found
     */
    static void load(Model model, Path path, boolean allowNonFinite) throws IOException {
        if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString(), null, "no weights file there");
        SaveTempFile.removeStale(path);
        long length = Files.size(path);
        List<Tensor> weights = model.weights();
        List<String> names = WeightNames.of(model.allLayers(), weights, "model '" + model.name() + "'");
        try (ZipFile zip = ZipEntryReader.open(path, ACTION)) {
            if (zip.getEntry(JSON_ENTRY) == null && zip.getEntry("model.json") != null) {
                throw fail(path, "it is a whole model (it holds model.json, not " + JSON_ENTRY + "): load it with Model.load");
            }
            JsonObject root = readJson(zip, path, length, weights.size());
            checkShapes(root, weights, names, path, model.name());
            long need = TensorBytes.byteCount(weights);
            if (need < 0) throw fail(path, "model '" + model.name() + "' has more weights than one weights file can hold (2 GB)");
            ZipEntry bin = zip.getEntry(WEIGHTS_ENTRY);
            if (bin == null) throw fail(path, "it holds no " + WEIGHTS_ENTRY);
            if (bin.getSize() >= 0 && bin.getSize() != need) {
                throw fail(path, WEIGHTS_ENTRY + " holds " + bin.getSize() + " bytes; the " + weights.size() + " weights of model '"
                        + model.name() + "' take " + need);
            }
            byte[] bytes = ZipEntryReader.read(zip, path, WEIGHTS_ENTRY, length, need, ACTION);
            List<float[]> values = TensorBytes.decode(bytes, weights, names, allowNonFinite, ACTION, path, WEIGHTS_ENTRY,
                    "non-finite weights cannot predict (were they saved after training diverged? Model.loadWeights(path, true)"
                            + " loads them anyway)");
            TensorBytes.copyInto(weights, values);
        }
    }

    private static JsonObject readJson(ZipFile zip, Path path, long length, int weights) throws ModelFileException {
        // a shape is at most 8 dimensions of 10 digits: the entry may hold little more than the model's shapes need
        long maxValues = 4096 + 10L * weights, maxBytes = (64 << 10) + 128L * weights;
        byte[] bytes = ZipEntryReader.read(zip, path, JSON_ENTRY, length, maxBytes, ACTION);
        JsonObject root = JsonEntry.parse(bytes, maxValues, ACTION, path, JSON_ENTRY);
        try {
            String format = new ConfigReader(root).string("format");
            if (!FORMAT.equals(format)) throw fail(path, JSON_ENTRY + ": not a weights file: field \"format\" is \"" + brief(format) + "\", expected \"" + FORMAT + "\"");
        } catch (InvalidConfigException x) {
            throw new ModelFileException(ACTION, path, JSON_ENTRY + ": " + x.getMessage(), x);
        }
        return root;
    }

    /** Every saved shape against the model's, in order; the first that differs is named. */
    private static void checkShapes(JsonObject root, List<Tensor> weights, List<String> names, Path path, String modelName)
            throws ModelFileException {
        String wrong;
        try {
            JsonArray shapes = new ConfigReader(root).array("shapes");
            if (shapes.size() != weights.size()) {
                throw fail(path, JSON_ENTRY + " lists " + shapes.size() + " weights; model '" + modelName + "' has " + weights.size());
            }
            wrong = SavedShapes.mismatch(shapes, weights, names, "in the file", "in model '" + modelName + "'");
        } catch (InvalidConfigException e) {
            throw new ModelFileException(ACTION, path, JSON_ENTRY + ": " + e.getMessage(), e);
        }
        if (wrong != null) throw fail(path, wrong);
    }

    private static String brief(Object o) {
        String s = String.valueOf(o);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static ModelFileException fail(Path path, String why) {
        return new ModelFileException(ACTION, path, why, null);
    }
}
