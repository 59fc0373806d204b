package dev.myelin.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.myelin.backend.Backend;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerNode;
import dev.myelin.layers.SymbolicTensor;
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
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The saved-model file, one format for every model: a zip holding {@code model.json} (the
 * architecture as a Keras-like config: each layer's type and config and, for a functional model, its
 * inbound nodes as {@code [layer, node, tensor]} references; the weights' order and shapes) and
 * {@code weights.bin} (every weight's float32 values, little-endian, in that order, trainable and
 * not). Float32 round-trips exactly, so a reloaded model predicts bit-identically on the same backend.
 * Files of version 1 (Sequential only, written before the functional API) are still read.
 */
final class ModelFile {
    static final String FORMAT = "myelin.Model";
    static final int VERSION = 2;
    private static final String FORMAT_V1 = "myelin.Sequential";
    private static final String JSON_ENTRY = "model.json";
    private static final String WEIGHTS_ENTRY = "weights.bin";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private ModelFile() {}

    static void save(Model model, Path path, boolean includeOptimizer) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "cannot save the model: folder " + dir + " does not exist");
        }
        // Written beside the target and renamed over it, so a reader never sees half a file.
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            write(model, tmp, includeOptimizer && model.compileOptions() != null);
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

    private static void write(Model model, Path file, boolean withOptimizer) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("version", VERSION);
        root.addProperty("class_name", model.typeName());
        root.addProperty("name", model.name());
        root.addProperty("seed", model.seed());
        root.add("config", modelConfig(model));
        JsonArray weights = new JsonArray();
        List<Tensor> all = model.weights();
        java.util.Set<Tensor> listed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Layer l : model.layers()) {
            for (Tensor p : l.weights()) {
                if (!listed.add(p)) continue;
                JsonObject w = new JsonObject();
                w.addProperty("layer", l.name());
                w.add("shape", dims(p.shape()));
                weights.add(w);
            }
        }
        root.add("weights", weights);
        JsonObject compile = CompileConfig.of(model, withOptimizer);
        if (compile != null) root.add("compile_config", compile);

        try (FileOutputStream fos = new FileOutputStream(file.toFile());
             ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(fos))) {
            zip.putNextEntry(new ZipEntry(JSON_ENTRY));
            zip.write(GSON.toJson(root).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(WEIGHTS_ENTRY));
            for (Tensor p : all) {
                float[] v = p.toArray();
                ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(v);
                zip.write(buf.array());
            }
            zip.closeEntry();
            if (withOptimizer) {
                zip.putNextEntry(new ZipEntry(CompileConfig.OPTIMIZER_ENTRY));
                CompileConfig.writeState(model, zip);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
            fos.getFD().sync(); // on disk before the rename makes it visible
        }
    }

    /** A model's config: a Sequential's layer list and input shape, or a functional model's layers with their inbound nodes. */
    private static JsonObject modelConfig(Model model) {
        JsonObject c = new JsonObject();
        c.addProperty("name", model.name());
        if (!model.isTrainable()) c.addProperty("trainable", false);
        JsonArray layers = new JsonArray();
        if (model instanceof Sequential s) {
            for (Layer l : s.layers()) layers.add(layerEntry(l));
            c.add("layers", layers);
            c.add("input_shape", dims(s.inputShape()));
            return c;
        }
        Graph g = model.graph();
        for (Layer l : g.layers) {
            JsonObject entry = layerEntry(l);
            JsonArray nodes = new JsonArray();
            for (LayerNode n : g.nodesOf(l)) {
                if (n.inputs().isEmpty()) continue; // an input's own node
                JsonArray args = new JsonArray();
                for (SymbolicTensor t : n.inputs()) args.add(reference(g, t));
                nodes.add(args);
            }
            entry.add("inbound_nodes", nodes);
            layers.add(entry);
        }
        c.add("layers", layers);
        JsonArray in = new JsonArray(), out = new JsonArray();
        for (SymbolicTensor t : g.inputs) in.add(reference(g, t));
        for (SymbolicTensor t : g.outputs) out.add(reference(g, t));
        c.add("input_layers", in);
        c.add("output_layers", out);
        return c;
    }

    private static JsonObject layerEntry(Layer l) {
        JsonObject entry = new JsonObject();
        entry.addProperty("class_name", l.typeName());
        entry.addProperty("name", l.name());
        entry.add("config", l instanceof Model m ? modelConfig(m) : l.config());
        return entry;
    }

    /** {@code [layer, node, tensor]}, the node numbered among this graph's nodes of that layer. */
    private static JsonArray reference(Graph g, SymbolicTensor t) {
        JsonArray r = new JsonArray();
        r.add(t.layer().name());
        r.add(g.nodesOf(t.layer()).indexOf(t.node()));
        r.add(t.index());
        return r;
    }

    static Model load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString(), null, "no saved model there");
        try (ZipFile zip = new ZipFile(path.toFile())) {
            JsonObject root = readJson(zip, path);
            String format = string(root, "format");
            Model model;
            if (FORMAT_V1.equals(format) && root.get("version").getAsInt() <= 1) {
                model = sequential(root.get("name").getAsString(), root.getAsJsonArray("layers"), root.getAsJsonArray("input_shape"));
            } else if (FORMAT.equals(format) && root.get("version").getAsInt() <= VERSION) {
                model = fromConfig(string(root, "class_name"), root.getAsJsonObject("config"));
            } else {
                throw corrupt(path, "not a " + FORMAT + " file of version " + VERSION + " or older");
            }
            model.seed(root.get("seed").getAsLong());
            model.buildWeights();
            restoreWeights(zip, path, model, root.getAsJsonArray("weights"));
            if (root.has("compile_config")) CompileConfig.restore(model, root.getAsJsonObject("compile_config"), zip, path);
            return model;
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException | NullPointerException | ClassCastException
                 | IndexOutOfBoundsException e) {
            throw corrupt(path, "model.json does not describe a valid model: " + e.getMessage());
        } catch (java.util.zip.ZipException e) {
            throw corrupt(path, "not a valid zip: " + e.getMessage());
        }
    }

    private static Model fromConfig(String className, JsonObject config) {
        Model m = "Sequential".equals(className)
                ? sequential(config.get("name").getAsString(), config.getAsJsonArray("layers"), config.getAsJsonArray("input_shape"))
                : functional(config);
        if (config.has("trainable") && !config.get("trainable").getAsBoolean()) m.trainable(false);
        return m;
    }

    private static Sequential sequential(String name, JsonArray layerEntries, JsonArray inputShape) {
        List<Layer> layers = new ArrayList<>();
        for (JsonElement e : layerEntries) layers.add(layer(e.getAsJsonObject()));
        Sequential model = new Sequential(name, layers.toArray(Layer[]::new));
        model.defineChain(shape(inputShape));
        return model;
    }

    private static Layer layer(JsonObject entry) {
        String type = entry.get("class_name").getAsString();
        JsonObject config = entry.getAsJsonObject("config");
        if (type.equals("Sequential") || type.equals("Functional")) return fromConfig(type, config);
        Layer l = LayerRegistry.fromConfig(type, config);
        if (config.has("trainable") && !config.get("trainable").getAsBoolean()) l.trainable(false);
        return l;
    }

    /** Recreates the layers, then applies them node by node as the references allow (a shared layer's nodes in order). */
    private static Model functional(JsonObject config) {
        JsonArray entries = config.getAsJsonArray("layers");
        List<Layer> layers = new ArrayList<>();
        List<JsonArray> pending = new ArrayList<>();
        Map<String, List<LayerNode>> nodes = new HashMap<>();
        for (JsonElement e : entries) {
            JsonObject entry = e.getAsJsonObject();
            Layer l = layer(entry);
            layers.add(l);
            pending.add(entry.getAsJsonArray("inbound_nodes"));
            if (nodes.put(l.name(), new ArrayList<>(l instanceof Input ? l.inboundNodes() : List.of())) != null) {
                throw new IllegalArgumentException("two layers are named '" + l.name() + "'");
            }
        }
        int[] done = new int[layers.size()];
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < layers.size(); i++) {
                JsonArray specs = pending.get(i);
                while (done[i] < specs.size()) {
                    List<SymbolicTensor> args = new ArrayList<>();
                    for (JsonElement ref : specs.get(done[i]).getAsJsonArray()) {
                        SymbolicTensor t = lookup(nodes, ref.getAsJsonArray());
                        if (t == null) break;
                        args.add(t);
                    }
                    if (args.size() != specs.get(done[i]).getAsJsonArray().size()) break;
                    List<SymbolicTensor> outs = layers.get(i).applyAll(args);
                    nodes.get(layers.get(i).name()).add(outs.get(0).node());
                    done[i]++;
                    progress = true;
                }
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            if (done[i] < pending.get(i).size()) {
                throw new IllegalArgumentException("the inbound nodes of layer '" + layers.get(i).name() + "' refer to tensors no layer produces");
            }
        }
        List<SymbolicTensor> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        for (JsonElement r : config.getAsJsonArray("input_layers")) inputs.add(required(nodes, r.getAsJsonArray()));
        for (JsonElement r : config.getAsJsonArray("output_layers")) outputs.add(required(nodes, r.getAsJsonArray()));
        return new Model(inputs, outputs).named(config.get("name").getAsString());
    }

    private static SymbolicTensor lookup(Map<String, List<LayerNode>> nodes, JsonArray ref) {
        List<LayerNode> made = nodes.get(ref.get(0).getAsString());
        if (made == null) throw new IllegalArgumentException("a node refers to layer '" + ref.get(0).getAsString() + "', which is not in the model");
        int node = ref.get(1).getAsInt();
        return node < made.size() ? made.get(node).outputs().get(ref.get(2).getAsInt()) : null;
    }

    private static SymbolicTensor required(Map<String, List<LayerNode>> nodes, JsonArray ref) {
        SymbolicTensor t = lookup(nodes, ref);
        if (t == null) throw new IllegalArgumentException("the model refers to tensor " + ref + ", which no layer produces");
        return t;
    }

    private static JsonObject readJson(ZipFile zip, Path path) throws IOException {
        ZipEntry entry = zip.getEntry(JSON_ENTRY);
        if (entry == null) throw corrupt(path, "it holds no " + JSON_ENTRY);
        try (InputStream in = zip.getInputStream(entry)) {
            return GSON.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), JsonObject.class);
        }
    }

    private static void restoreWeights(ZipFile zip, Path path, Model model, JsonArray listed) throws IOException {
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
