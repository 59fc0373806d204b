package dev.myelin.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.myelin.layers.InvalidConfigException;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The file of {@link dev.myelin.callbacks.BackupAndRestore}: a zip of {@code state.json} (the last
 * finished epoch, the optimizer's step and learning rate, the history so far, the random streams'
 * positions) and {@code tensors.bin} (the model's weights, then the optimizer's slots, float32
 * little-endian; the shapes of both are in {@code state.json}). Written beside the target, synced, and
 * renamed over it, so a run killed while saving leaves the previous backup whole. A restore checks the
 * zip's CRC-32 of both entries, every field, count and shape against the model and optimizer, and the
 * values finite (unless allowed), before it changes anything; every failure is a
 * {@link ModelFileException} ({@code cannot restore the training backup FILE: ...}).
 */
final class TrainingBackup {
    static final String FORMAT = "myelin.TrainingBackup";
    private static final Gson GSON = new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create(); // a NaN loss is history too

    /** What a restore gives back to the training loop. */
    record Restored(int lastEpoch, History history) {}

    private static final String ACTION = "cannot restore the training backup";
    private static final String STATE_ENTRY = "state.json", TENSORS_ENTRY = "tensors.bin";
    /** The most {@code state.json} may hold, and the most values its history may: 100,000 epochs of 9 metrics. */
    private static final long MAX_STATE_BYTES = 64L << 20, MAX_HISTORY_VALUES = 1_000_000;

    private TrainingBackup() {}

    /** Saves the state after {@code epoch} (0-based) finished. */
    static void save(Path file, int epoch, History history, List<Tensor> weights, Optimizer optimizer, List<Tensor> params,
                     long[] randomPositions) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        SaveTempFile.removeStale(target);
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
        JsonArray shapes = new JsonArray();
        for (List<Tensor> group : List.of(weights, slots)) for (Tensor t : group) shapes.add(GSON.toJsonTree(t.shape().toArray()));
        root.add("shapes", shapes);

        try (SaveTempFile tmp = SaveTempFile.create(target)) {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(tmp.output()))) {
                zip.putNextEntry(new ZipEntry(STATE_ENTRY));
                zip.write(GSON.toJson(root).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(TENSORS_ENTRY));
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
     * tensors; returns the last finished epoch and the history up to it. Unless {@code allowNonFinite},
     * NaN or infinite weights or optimizer state are refused. Everything is checked before anything
     * changes: a backup that fails leaves the model, the optimizer and {@code randomPositions} as they were.
     *
     * @param weightNames what each weight is called in errors ({@code weight 0 of Dense 'dense'})
     * @throws ModelFileException naming the file, the entry or field, what was expected and what was found
     */
    static Restored restore(Path file, List<Tensor> weights, List<String> weightNames, Optimizer optimizer, List<Tensor> params,
                            List<String> paramNames, long[] randomPositions, boolean allowNonFinite) throws IOException {
        SaveTempFile.removeStale(file);
        long length = Files.size(file);
        try (ZipFile zip = ZipEntryReader.open(file, ACTION)) {
            List<Tensor> slots = optimizer.variables(params);
            JsonObject root = readState(zip, file, length, weights.size() + slots.size(), randomPositions.length);
            BackupState state;
            try {
                state = BackupState.read(root, weights.size(), slots.size(), randomPositions.length, file);
            } catch (InvalidConfigException e) {
                throw fail(file, STATE_ENTRY + ": " + e.getMessage(), e);
            }
            List<Tensor> all = new ArrayList<>(weights);
            all.addAll(slots);
            List<String> names = new ArrayList<>(weightNames);
            names.addAll(slotNames(optimizer, slots.size(), paramNames));
            if (state.shapes() != null) checkShapes(state.shapes(), all, names, file);
            long need = TensorBytes.byteCount(all);
            if (need < 0) throw fail(file, "the model and optimizer hold more values than one backup can (2 GB)", null);
            ZipEntry tensors = zip.getEntry(TENSORS_ENTRY);
            if (tensors == null) throw fail(file, "it holds no " + TENSORS_ENTRY, null);
            if (tensors.getSize() >= 0 && tensors.getSize() != need) {
                throw fail(file, TENSORS_ENTRY + " holds " + tensors.getSize() + " bytes; the model's " + weights.size() + " weights and "
                        + "the optimizer's " + slots.size() + " slots take " + need + " (was the backup made by another model?)", null);
            }
            byte[] bytes = ZipEntryReader.read(zip, file, TENSORS_ENTRY, length, need, ACTION);
            List<float[]> values = TensorBytes.decode(bytes, all, names, allowNonFinite, ACTION, file, TENSORS_ENTRY,
                    "the backup of a run that diverged (FitOptions.stopOnDivergence(false) restores it anyway; deleting the file"
                            + " starts the run over)");
            // Checked; from here nothing fails.
            TensorBytes.copyInto(all, values);
            optimizer.setIterations(state.iterations());
            if (!Double.isNaN(state.learningRate()) && optimizer.schedule() == null) optimizer.setLearningRate(state.learningRate());
            System.arraycopy(state.randomPositions(), 0, randomPositions, 0, randomPositions.length);
            return new Restored(state.epoch(), state.history());
        }
    }

    private static JsonObject readState(ZipFile zip, Path file, long length, int tensors, int streams) throws ModelFileException {
        if (zip.getEntry(STATE_ENTRY) == null) throw fail(file, "it holds no " + STATE_ENTRY + " (is it a BackupAndRestore backup?)", null);
        byte[] bytes = ZipEntryReader.read(zip, file, STATE_ENTRY, length, MAX_STATE_BYTES, ACTION);
        // the fields, the tensors' shapes (at most 8 dimensions each), the random positions, and the history
        return JsonEntry.parse(bytes, 64 + 10L * tensors + streams + MAX_HISTORY_VALUES, ACTION, file, STATE_ENTRY);
    }

    /** {@code momentum of weight 0 of Dense 'dense'} for each slot, when the optimizer keeps the same slots for every weight. */
    private static List<String> slotNames(Optimizer optimizer, int count, List<String> paramNames) {
        List<String> kinds = optimizer.slotNames();
        List<String> out = new ArrayList<>(count);
        boolean regular = !kinds.isEmpty() && count == kinds.size() * paramNames.size();
        for (int i = 0; i < count; i++) {
            out.add(regular ? "the optimizer's " + kinds.get(i % kinds.size()) + " of " + paramNames.get(i / kinds.size())
                    : "optimizer slot " + i + " of " + optimizer.name());
        }
        return out;
    }

    private static void checkShapes(JsonArray shapes, List<Tensor> all, List<String> names, Path file) throws ModelFileException {
        String wrong;
        try {
            wrong = SavedShapes.mismatch(shapes, all, names, "in the backup", "in this model");
        } catch (InvalidConfigException e) {
            throw fail(file, STATE_ENTRY + ", field \"shapes\": " + e.getMessage(), e);
        }
        if (wrong != null) throw fail(file, wrong + " (was the backup made by another model?)", null);
    }

    static ModelFileException fail(Path file, String why, Throwable cause) {
        return new ModelFileException(ACTION, file, why, cause);
    }
}
