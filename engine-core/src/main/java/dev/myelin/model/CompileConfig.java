package dev.myelin.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.myelin.backend.Backend;
import dev.myelin.losses.Loss;
import dev.myelin.losses.Losses;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.Optimizers;
import dev.myelin.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A saved model's compile settings, as Keras's {@code compile_config}: the optimizer (its name and
 * config, learning-rate schedule included), each output's loss (name and config), loss weights and
 * metric names; and, in {@code optimizer.bin}, the optimizer's state (its step in the JSON, its
 * slots as float32), so a loaded model is compiled and trains on from where it was saved.
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
        root.add("metrics", GSON.toJsonTree(c.metrics()));
        if (withOptimizerState) {
            root.addProperty("optimizer_iterations", opt.iterations());
            root.addProperty("optimizer_slots", opt.variables(model.params()).size());
        }
        return root;
    }

    /** Writes the optimizer's slots, in the order of {@code variables(params)}. */
    static void writeState(Model model, OutputStream out) throws IOException {
        TensorBytes.write(out, model.optimizer().variables(model.params()));
    }

    /** Compiles {@code model} as saved and, when the file has it, restores the optimizer's state. */
    static void restore(Model model, JsonObject config, ZipFile zip, Path path) throws IOException {
        JsonObject o = config.getAsJsonObject("optimizer");
        Optimizer opt = Optimizers.get(o.get("class_name").getAsString(), GSON.fromJson(o.get("config"), MAP));
        List<String> outputs = model.outputNames();
        JsonArray lossArray = config.getAsJsonArray("loss");
        if (lossArray.size() != outputs.size()) {
            throw new IOException("cannot load a model from " + path + ": compile_config has " + lossArray.size()
                    + " losses for " + outputs.size() + " outputs");
        }
        List<Loss> losses = new ArrayList<>();
        for (JsonElement e : lossArray) {
            JsonObject l = e.getAsJsonObject();
            losses.add(Losses.get(l.get("class_name").getAsString(), GSON.fromJson(l.get("config"), MAP)));
        }
        double[] weights = GSON.fromJson(config.get("loss_weights"), double[].class);
        String[][] metrics = GSON.fromJson(config.get("metrics"), String[][].class);
        Map<String, List<String>> byOutput = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) byOutput.put(outputs.get(i), List.of(metrics[i]));
        model.compile(new CompileOptions(opt).losses(losses).lossWeights(weights).metrics(byOutput));
        if (!config.has("optimizer_iterations")) return;
        ZipEntry entry = zip.getEntry(OPTIMIZER_ENTRY);
        if (entry == null) throw new IOException("cannot load a model from " + path + ": it lists optimizer state but holds no " + OPTIMIZER_ENTRY);
        List<Tensor> slots = opt.variables(model.params());
        if (config.get("optimizer_slots").getAsInt() != slots.size()) {
            throw new IOException("cannot load a model from " + path + ": " + config.get("optimizer_slots") + " optimizer slots saved, "
                    + slots.size() + " in " + opt.name() + " for this model");
        }
        long expected = 0;
        for (Tensor t : slots) expected += t.size();
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, expected * Float.BYTES + 1));
        }
        if (bytes.length != expected * Float.BYTES) {
            throw new IOException("cannot load a model from " + path + ": " + OPTIMIZER_ENTRY + " holds " + bytes.length
                    + " bytes; the optimizer's slots need " + expected * Float.BYTES);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : slots) {
            Backend be = t.backend();
            float[] v = new float[t.shape().sizeAsInt()];
            buf.asFloatBuffer().get(v);
            buf.position(buf.position() + v.length * Float.BYTES);
            try (Tensor src = be.fromArray(t.shape(), v, 0)) {
                be.copyInto(src, t);
            }
        }
        opt.setIterations(config.get("optimizer_iterations").getAsLong());
    }
}
