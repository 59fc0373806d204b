package dev.myelin.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.myelin.backend.Backend;
import dev.myelin.data.DataFileException;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The file of {@link dev.myelin.callbacks.BackupAndRestore}: a zip of {@code state.json} (the last
 * finished epoch, the optimizer's step and learning rate, the history so far, the random streams'
 * positions) and {@code tensors.bin} (the model's weights, then the optimizer's slots, float32
 * little-endian). Written beside the target, synced, and renamed over it, so a run killed while
 * saving leaves the previous backup whole.
 */
final class TrainingBackup {
    static final String FORMAT = "myelin.TrainingBackup";
    private static final Gson GSON = new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create(); // a NaN loss is history too

    /** What a restore gives back to the training loop. */
    record Restored(int lastEpoch, History history) {}

    private TrainingBackup() {}

    /** Saves the state after {@code epoch} (0-based) finished. */
    static void save(Path file, int epoch, History history, List<Tensor> weights, Optimizer optimizer, List<Tensor> params,
                     long[] randomPositions) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("epoch", epoch);
        root.addProperty("iterations", optimizer.iterations());
        root.addProperty("learning_rate", optimizer.schedule() == null ? (double) optimizer.learningRate() : Double.NaN);
        JsonObject h = new JsonObject();
        history.history().forEach((k, v) -> h.add(k, GSON.toJsonTree(v)));
        root.add("history", h);
        root.add("epoch_seconds", GSON.toJsonTree(history.epochSeconds()));
        root.add("random_positions", GSON.toJsonTree(randomPositions));
        List<Tensor> slots = optimizer.variables(params);
        root.addProperty("weights", weights.size());
        root.addProperty("slots", slots.size());

        try (SaveTempFile tmp = SaveTempFile.create(target)) {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(tmp.output()))) {
                zip.putNextEntry(new ZipEntry("state.json"));
                zip.write(GSON.toJson(root).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("tensors.bin"));
                TensorBytes.write(zip, weights);
                TensorBytes.write(zip, slots);
                zip.closeEntry();
                zip.finish();
            }
            tmp.commit(target);
        }
        syncFolder(target.getParent());
    }

    /** The rename reaches the disk only when the folder is synced too (where the platform allows it). */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException notOnThisPlatform) {
            // Windows cannot open a folder this way; the rename is still atomic.
        }
    }

    /**
     * Restores weights, optimizer state and random positions from {@code file} into the model's
     * tensors; returns the last finished epoch and the history up to it.
     */
    static Restored restore(Path file, List<Tensor> weights, Optimizer optimizer, List<Tensor> params, long[] randomPositions)
            throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry stateEntry = zip.getEntry("state.json"), tensorEntry = zip.getEntry("tensors.bin");
            if (stateEntry == null || tensorEntry == null) throw corrupt(file, "it lacks state.json or tensors.bin");
            JsonObject root;
            try (InputStream in = zip.getInputStream(stateEntry)) {
                root = GSON.fromJson(new String(in.readNBytes(1 << 24), StandardCharsets.UTF_8), JsonObject.class);
            }
            if (root == null || !FORMAT.equals(root.get("format").getAsString())) throw corrupt(file, "not a training backup");
            List<Tensor> slots = optimizer.variables(params);
            if (root.get("weights").getAsInt() != weights.size() || root.get("slots").getAsInt() != slots.size()) {
                throw corrupt(file, "it holds " + root.get("weights") + " weights and " + root.get("slots")
                        + " optimizer slots; this model and optimizer have " + weights.size() + " and " + slots.size()
                        + " (was the backup made by another model?)");
            }
            long expected = 0;
            for (Tensor t : weights) expected += t.size();
            for (Tensor t : slots) expected += t.size();
            if (tensorEntry.getSize() != expected * Float.BYTES) {
                throw corrupt(file, "tensors.bin holds " + tensorEntry.getSize() + " bytes; the model and optimizer need " + expected * Float.BYTES);
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(tensorEntry)) {
                bytes = in.readNBytes((int) (expected * Float.BYTES));
            }
            if (bytes.length != expected * Float.BYTES) throw corrupt(file, "tensors.bin is truncated");
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            Backend be = null;
            for (List<Tensor> group : List.of(weights, slots)) {
                for (Tensor t : group) {
                    if (be == null) be = t.backend();
                    float[] v = new float[t.shape().sizeAsInt()];
                    buf.asFloatBuffer().get(v);
                    buf.position(buf.position() + v.length * Float.BYTES);
                    try (Tensor src = be.fromArray(t.shape(), v, 0)) {
                        be.copyInto(src, t);
                    }
                }
            }
            optimizer.setIterations(root.get("iterations").getAsLong());
            double lr = root.get("learning_rate").getAsDouble();
            if (!Double.isNaN(lr)) optimizer.setLearningRate(lr);
            JsonArray positions = root.getAsJsonArray("random_positions");
            if (positions.size() != randomPositions.length) {
                throw corrupt(file, "it holds " + positions.size() + " random streams; the model has " + randomPositions.length);
            }
            for (int i = 0; i < randomPositions.length; i++) randomPositions[i] = positions.get(i).getAsLong();
            History history = new History();
            JsonObject h = root.getAsJsonObject("history");
            JsonArray seconds = root.getAsJsonArray("epoch_seconds");
            for (int e = 0; e < seconds.size(); e++) {
                Map<String, Double> logs = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> k : h.entrySet()) {
                    JsonArray values = k.getValue().getAsJsonArray();
                    if (e < values.size()) logs.put(k.getKey(), values.get(e).isJsonNull() ? Double.NaN : values.get(e).getAsDouble());
                }
                history.record(logs, seconds.get(e).getAsDouble());
            }
            return new Restored(root.get("epoch").getAsInt(), history);
        } catch (JsonParseException | IllegalStateException | NullPointerException | ClassCastException | UnsupportedOperationException e) {
            throw corrupt(file, "state.json is damaged: " + e.getMessage());
        } catch (java.util.zip.ZipException e) {
            throw corrupt(file, "not a valid zip: " + e.getMessage());
        }
    }

    private static DataFileException corrupt(Path file, String why) {
        return new DataFileException(file + ": cannot restore the training backup: " + why);
    }
}
