package dev.myelin.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.myelin.layers.ConfigReader;
import dev.myelin.layers.InvalidConfigException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training backup's {@code state.json}, every field checked (present, of its type, in range, its
 * counts those of the model it is restored into) before anything is restored from it.
 *
 * @param shapes the saved tensors' shapes, or null in a backup written before they were saved
 */
record BackupState(int epoch, long iterations, double learningRate, long[] randomPositions, History history, JsonArray shapes) {
    private static final int MAX_NUMBER_TEXT = 64;

    /**
     * Reads {@code root}, checking its counts against a model of {@code weights} weights, an optimizer
     * of {@code slots} slots and {@code streams} random streams.
     *
     * @throws InvalidConfigException naming the field, what was expected and what was found
     * @throws ModelFileException when it is not a training backup or was made by another model
     */
    static BackupState read(JsonObject root, int weights, int slots, int streams, Path file) throws ModelFileException {
        ConfigReader r = new ConfigReader(root);
        String format = r.string("format");
        if (!TrainingBackup.FORMAT.equals(format)) {
            throw TrainingBackup.fail(file, "not a training backup: state.json says format \"" + brief(format) + "\", expected \""
                    + TrainingBackup.FORMAT + "\"", null);
        }
        int savedWeights = r.integer("weights", 0, Integer.MAX_VALUE), savedSlots = r.integer("slots", 0, Integer.MAX_VALUE);
        if (savedWeights != weights || savedSlots != slots) {
            throw TrainingBackup.fail(file, "it holds " + savedWeights + " weights and " + savedSlots + " optimizer slots; this model and"
                    + " optimizer have " + weights + " and " + slots + " (was the backup made by another model?)", null);
        }
        int epoch = r.integer("epoch", 0, Integer.MAX_VALUE - 1);
        long iterations = r.longInteger("iterations");
        if (iterations < 0) throw new InvalidConfigException("field \"iterations\": expected an integer from 0, found " + iterations);
        double lr = number(root.get("learning_rate"), "learning_rate", false);
        if (!Double.isNaN(lr) && !(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new InvalidConfigException("field \"learning_rate\": expected a positive finite number (or NaN under a schedule), found " + lr);
        }
        JsonArray positions = r.array("random_positions");
        if (positions.size() != streams) {
            throw TrainingBackup.fail(file, "state.json: field \"random_positions\" holds " + positions.size()
                    + " random streams; the model has " + streams + " (was the backup made by another model?)", null);
        }
        long[] at = new long[streams];
        for (int i = 0; i < streams; i++) {
            JsonObject one = new JsonObject();
            String key = "random_positions[" + i + "]";
            one.add(key, positions.get(i));
            at[i] = new ConfigReader(one).longInteger(key);
            if (at[i] < 0) throw new InvalidConfigException("field \"" + key + "\": expected an integer from 0, found " + at[i]);
        }
        History history = history(r, epoch);
        JsonElement shapes = root.get("shapes");
        if (shapes != null && !shapes.isJsonArray()) {
            throw new InvalidConfigException("field \"shapes\": expected an array of shapes, found " + brief(shapes));
        }
        return new BackupState(epoch, iterations, lr, at, history, shapes == null ? null : shapes.getAsJsonArray());
    }

    /** The history: {@code epoch_seconds} has one entry per epoch run (at most {@code epoch + 1}); each metric at most as many. */
    private static History history(ConfigReader r, int epoch) {
        JsonArray seconds = r.array("epoch_seconds");
        if (seconds.size() > epoch + 1L) {
            throw new InvalidConfigException("field \"epoch_seconds\": expected at most " + (epoch + 1L) + " epochs (the backup is of epoch "
                    + epoch + "), found " + seconds.size());
        }
        JsonElement h = r.has("history") ? r.element("history", e -> e) : null;
        if (!(h instanceof JsonObject metrics)) throw new InvalidConfigException("field \"history\": expected an object, found " + brief(h));
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> m : metrics.entrySet()) {
            String key = "history." + m.getKey();
            if (!(m.getValue() instanceof JsonArray values) || values.size() > seconds.size()) {
                throw new InvalidConfigException("field \"" + brief(key) + "\": expected an array of at most " + seconds.size()
                        + " numbers, found " + brief(m.getValue()));
            }
            double[] v = new double[values.size()];
            for (int i = 0; i < v.length; i++) v[i] = number(values.get(i), key + "[" + i + "]", true);
            columns.put(m.getKey(), v);
        }
        History history = new History();
        for (int e = 0; e < seconds.size(); e++) {
            Map<String, Double> logs = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> c : columns.entrySet()) if (e < c.getValue().length) logs.put(c.getKey(), c.getValue()[e]);
            history.record(logs, number(seconds.get(e), "epoch_seconds[" + e + "]", false));
        }
        return history;
    }

    /** A number as Gson writes doubles ({@code NaN} and {@code Infinity} included); null, where {@code nullIsNaN}, reads as NaN. */
    private static double number(JsonElement e, String key, boolean nullIsNaN) {
        if (nullIsNaN && e != null && e.isJsonNull()) return Double.NaN;
        if (e instanceof JsonPrimitive p && !p.isBoolean()) {
            String text = p.getAsString();
            if (text.length() <= MAX_NUMBER_TEXT) {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException notANumber) {
                    // reported below
                }
            }
        }
        throw new InvalidConfigException("field \"" + brief(key) + "\": expected a number, found " + brief(e));
    }

    static String brief(Object o) {
        String s = o == null ? "nothing (the field is missing)" : String.valueOf(o);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
