package dev.myelin.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.myelin.backend.Backend;
import dev.myelin.layers.ConfigReader;
import dev.myelin.layers.InvalidConfigException;
import dev.myelin.losses.Loss;
import dev.myelin.losses.Losses;
import dev.myelin.metrics.Metric;
import dev.myelin.metrics.Metrics;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.Optimizers;
import dev.myelin.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * A saved model's compile settings, as Keras's {@code compile_config}: the optimizer (its name and
 * config, learning-rate schedule included), each output's loss (name and config), loss weights and
 * metrics (names, or class name and config for metric objects); and, in {@code optimizer.bin}, the
 * optimizer's state (its step in the JSON, its slots as float32), so a loaded model is compiled and trains on from where it was saved.
 */
final class CompileConfig {
    static final String OPTIMIZER_ENTRY = "optimizer.bin";
    private static final Gson GSON = new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create();
    private static final Type MAP = new com.google.gson.reflect.TypeToken<Map<String, Object>>() {}.getType();

    private CompileConfig() {}

    /** The compile settings of {@code model}, or null when it is not compiled. */
    static JsonObject of(Model model, boolean withOptimizerState) {
        CompileOptions options = model.compileOptions();
        if (options == null) return null;
        CompileOptions.Compiled c = options.resolve(model.name(), model.outputNames());
        JsonObject root = new JsonObject();
        Optimizer opt = c.optimizer();
        JsonObject o = new JsonObject();
        o.addProperty("class_name", opt.name());
        o.add("config", GSON.toJsonTree(opt.config()));
        root.add("optimizer", o);
        JsonArray losses = new JsonArray();
        for (Loss l : c.losses()) {
            JsonObject e = new JsonObject();
            e.addProperty("class_name", l.name());
            e.add("config", GSON.toJsonTree(l.config()));
            losses.add(e);
        }
        root.add("loss", losses);
        root.add("loss_weights", GSON.toJsonTree(c.weights()));
        JsonArray metrics = new JsonArray();
        for (List<Object> ofOutput : c.metrics()) {
            JsonArray a = new JsonArray();
            for (Object m : ofOutput) a.add(m instanceof Metric metric ? metricEntry(metric) : GSON.toJsonTree(m));
            metrics.add(a);
        }
        root.add("metrics", metrics);
        if (withOptimizerState) {
            root.addProperty("optimizer_iterations", opt.iterations());
            root.addProperty("optimizer_slots", opt.variables(model.params()).size());
        }
        return root;
    }

    /** A metric object as Keras saves one: its class and the settings that rebuild it. */
    private static JsonObject metricEntry(Metric metric) {
        JsonObject e = new JsonObject();
        e.addProperty("class_name", Metrics.className(metric));
        e.add("config", GSON.toJsonTree(metric.config()));
        return e;
    }

    /** Writes the optimizer's slots, in the order of {@code variables(params)}. */
    static void writeState(Model model, OutputStream out) throws IOException {
        TensorBytes.write(out, model.optimizer().variables(model.params()));
    }

    /**
     * Compiles {@code model} as saved and, when the file has it, restores the optimizer's state; the
     * state entry is checked against its CRC-32, its length and (unless {@code allowNonFinite}) for
     * NaN and infinity.
     *
     * @throws InvalidConfigException naming the field of {@code compile_config} that cannot be read
     * @throws ModelFileException naming {@value #OPTIMIZER_ENTRY} when the state is missing or damaged
     */
    static void restore(Model model, JsonObject config, ZipFile zip, Path path, long fileLength, boolean allowNonFinite)
            throws ModelFileException {
        ConfigReader c = new ConfigReader(config);
        Optimizer opt = c.object("optimizer", o -> {
            String name = o.string("class_name");
            return settings(o, s -> Optimizers.get(name, s));
        });
        List<String> outputs = model.outputNames();
        JsonArray lossArray = c.array("loss");
        if (lossArray.size() != outputs.size()) {
            throw c.invalid("loss", "one loss for each of the model's " + outputs.size() + " outputs");
        }
        List<Loss> losses = new ArrayList<>();
        for (int i = 0; i < lossArray.size(); i++) {
            String field = "loss[" + i + "]";
            losses.add(ConfigReader.of(field, lossArray.get(i)).object(field, l -> {
                String name = l.string("class_name");
                return settings(l, s -> Losses.get(name, s));
            }));
        }
        CompileOptions options = new CompileOptions(opt).losses(losses);
        if (c.has("loss_weights")) options.lossWeights(numbers(c, "loss_weights", outputs.size()));
        options.metrics(metrics(c, outputs));
        model.compile(options);
        if (!c.has("optimizer_iterations")) return;
        long iterations = c.longInteger("optimizer_iterations");
        if (iterations < 0) throw c.invalid("optimizer_iterations", "a step count of at least 0");
        List<Tensor> slots = opt.variables(model.params());
        if (c.integer("optimizer_slots", 0, Integer.MAX_VALUE) != slots.size()) {
            throw c.invalid("optimizer_slots", "the " + slots.size() + " slots " + opt.name() + " keeps for this model");
        }
        restoreState(slots, zip, path, fileLength, allowNonFinite);
        opt.setIterations(iterations);
    }

    /** The {@code config} object of an optimizer or loss entry, as the settings map {@code make} takes; its errors name the field. */
    private static <T> T settings(ConfigReader entry, java.util.function.Function<Map<String, Object>, T> make) {
        if (!(entry.get("config") instanceof JsonObject)) throw entry.invalid("config", "an object of settings");
        try {
            return make.apply(GSON.fromJson(entry.get("config"), MAP));
        } catch (InvalidConfigException e) {
            throw e;
        } catch (RuntimeException e) { // a setting of the wrong type or range, or JSON Gson cannot map
            throw new InvalidConfigException("field \"config\": " + e.getMessage(), e);
        }
    }

    /** An array of {@code length} finite numbers. */
    private static double[] numbers(ConfigReader c, String key, int length) {
        JsonArray a = c.array(key);
        if (a.size() != length) throw c.invalid(key, "an array of " + length + " numbers, one per output");
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            String field = key + "[" + i + "]";
            v[i] = ConfigReader.of(field, a.get(i)).number(field, -Float.MAX_VALUE, Float.MAX_VALUE, true);
        }
        return v;
    }

    /** The metrics of each output: an array per output of metric names or {class_name, config} entries. */
    private static Map<String, List<Object>> metrics(ConfigReader c, List<String> outputs) {
        JsonArray all = c.array("metrics");
        if (all.size() != outputs.size()) {
            throw c.invalid("metrics", "one array of metrics for each of the " + outputs.size() + " outputs");
        }
        Map<String, List<Object>> byOutput = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            String field = "metrics[" + i + "]";
            JsonArray list = ConfigReader.of(field, all.get(i)).array(field);
            List<Object> metrics = new ArrayList<>();
            for (int j = 0; j < list.size(); j++) {
                String item = field + "[" + j + "]";
                JsonElement e = list.get(j);
                metrics.add(e instanceof JsonObject ? ConfigReader.of(item, e).object(item, m -> {
                    String name = m.string("class_name");
                    return settings(m, s -> Metrics.get(name, s));
                }) : ConfigReader.of(item, e).string(item));
            }
            byOutput.put(outputs.get(i), metrics);
        }
        return byOutput;
    }

    /** Reads {@value #OPTIMIZER_ENTRY} (CRC-checked, no longer than the slots need) into the optimizer's slots. */
    private static void restoreState(List<Tensor> slots, ZipFile zip, Path path, long fileLength, boolean allowNonFinite)
            throws ModelFileException {
        long expected = 0;
        for (Tensor t : slots) expected += t.size() * Float.BYTES;
        byte[] bytes = ZipEntryReader.read(zip, path, OPTIMIZER_ENTRY, fileLength, expected);
        if (bytes.length != expected) {
            throw new ModelFileException(path, OPTIMIZER_ENTRY + " holds " + bytes.length + " bytes; the optimizer's " + slots.size()
                    + " slots need " + expected);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < slots.size(); i++) {
            Tensor t = slots.get(i);
            Backend be = t.backend();
            float[] v = new float[t.shape().sizeAsInt()];
            buf.asFloatBuffer().get(v);
            buf.position(buf.position() + v.length * Float.BYTES);
            int bad = allowNonFinite ? -1 : NonFinite.firstIndex(v);
            if (bad >= 0) {
                throw new ModelFileException(path, OPTIMIZER_ENTRY + ": slot " + i + " (shape " + t.shape() + ") holds " + v[bad]
                        + " at index " + bad + ": the optimizer's state must be finite (Model.load(path, true) loads it anyway)");
            }
            try (Tensor src = be.fromArray(t.shape(), v, 0)) {
                be.copyInto(src, t);
            }
        }
    }
}
