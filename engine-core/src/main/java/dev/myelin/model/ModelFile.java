package dev.myelin.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.myelin.backend.Backend;
import dev.myelin.backend.InsufficientMemoryException;
import dev.myelin.layers.ConfigReader;
import dev.myelin.layers.InvalidConfigException;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerNode;
import dev.myelin.layers.SymbolicTensor;
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

    /** Saves {@code model}; unless {@code allowNonFinite}, a model holding NaN or infinite weights is refused. */
    static void save(Model model, Path path, boolean includeOptimizer, boolean allowNonFinite) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "cannot save the model: folder " + dir + " does not exist");
        }
        if (!allowNonFinite) {
            String bad = NonFinite.firstInWeights(model.layers());
            if (bad != null) {
                throw new IOException("could not save model '" + model.name() + "' to " + target + ": " + bad
                        + "; a model with non-finite weights cannot predict (Model.save(path, includeOptimizer, true) saves it anyway)");
            }
        }
        SaveTempFile.removeStale(target);
        // Written beside the target and renamed over it, so a reader never sees half a file.
        try (SaveTempFile tmp = SaveTempFile.create(target)) {
            try {
                write(model, tmp.output(), includeOptimizer && model.compileOptions() != null);
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

    private static void write(Model model, OutputStream file, boolean withOptimizer) throws IOException {
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

        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(JSON_ENTRY));
            zip.write(GSON.toJson(root).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(WEIGHTS_ENTRY));
            TensorBytes.write(zip, all);
            zip.closeEntry();
            if (withOptimizer) {
                zip.putNextEntry(new ZipEntry(CompileConfig.OPTIMIZER_ENTRY));
                CompileConfig.writeState(model, zip);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush(); // SaveTempFile.commit forces it to disk before the rename makes it visible
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

    /** The most {@code model.json} may hold: far above any real architecture, far below the heap. */
    private static final long MAX_JSON_BYTES = 64L << 20;
    /** The most values {@code model.json} may hold (Gson's tree takes about 100 bytes each): 20,000 layers of 50. */
    private static final long MAX_JSON_VALUES = 1_000_000;
    /** Models nested in models deeper than this are refused (a hostile file could nest thousands). */
    private static final int MAX_NESTING = 32;

    /**
     * Loads a model; unless {@code allowNonFinite}, one holding NaN or infinite weights is refused.
     *
     * @throws ModelFileException naming the file and what is wrong when it is not a loadable model
     */
    static Model load(Path path, boolean allowNonFinite) throws IOException {
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
            Model model;
            try {
                model = architecture(root, path);
            } catch (InvalidConfigException e) {
                throw new ModelFileException(path, JSON_ENTRY + ": " + e.getMessage(), e);
            } catch (StackOverflowError e) {
                throw new ModelFileException(path, JSON_ENTRY + " nests its layers too deeply to be a model", e);
            } catch (InsufficientMemoryException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModelFileException(path, JSON_ENTRY + " describes a model that cannot be built: " + e.getMessage(), e);
            }
            // The weights are read before the architecture allocates any: it may create no more than they hold.
            byte[] bytes = ZipEntryReader.read(zip, path, WEIGHTS_ENTRY, length, Integer.MAX_VALUE - 8);
            try {
                model.buildWeights(bytes.length / Float.BYTES);
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
                restoreWeights(bytes, path, model, new ConfigReader(root).array("weights"), allowNonFinite);
            } catch (InvalidConfigException e) {
                throw new ModelFileException(path, JSON_ENTRY + ": " + e.getMessage(), e);
            }
            restoreCompile(root.get("compile_config"), model, zip, path, length, allowNonFinite);
            return model;
        }
    }

    /** Compiles the model as saved, with its optimizer's state when the file has it; every failure a ModelFileException. */
    private static void restoreCompile(JsonElement config, Model model, ZipFile zip, Path path, long length, boolean allowNonFinite)
            throws ModelFileException {
        if (config == null || config.isJsonNull()) return;
        try {
            if (!config.isJsonObject()) {
                throw new InvalidConfigException("expected an object of compile settings, found " + ConfigReader.describe(config));
            }
            CompileConfig.restore(model, config.getAsJsonObject(), zip, path, length, allowNonFinite);
        } catch (InsufficientMemoryException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) { // a field's error, or compile's own check of what was read
            throw new ModelFileException(path, JSON_ENTRY + ", compile_config: " + e.getMessage(), e);
        }
    }

    /** The unbuilt model that {@code root} describes, every field checked. */
    private static Model architecture(JsonObject root, Path path) throws ModelFileException {
        ConfigReader r = new ConfigReader(root);
        String format = r.string("format");
        long version = r.longInteger("version");
        Model model;
        if (FORMAT_V1.equals(format) && version == 1) {
            model = sequential(r.name(), r.array("layers"), r.shape("input_shape"), 0);
        } else if (FORMAT.equals(format) && version >= 1 && version <= VERSION) {
            model = fromConfig(r.string("class_name"), root.get("config"), 0);
        } else {
            throw new ModelFileException(path, "not a " + FORMAT + " file of version " + VERSION + " or older: " + JSON_ENTRY
                    + " says format \"" + format + "\" version " + version);
        }
        model.seed(r.longInteger("seed"));
        return model;
    }

    private static Model fromConfig(String className, JsonElement configElement, int depth) {
        if (depth > MAX_NESTING) throw new InvalidConfigException("models nested more than " + MAX_NESTING + " deep");
        ConfigReader config = new ConfigReader(configElement);
        Model m = "Sequential".equals(className)
                ? sequential(config.name(), config.array("layers"), config.shape("input_shape"), depth)
                : functional(config, depth);
        if (!config.bool("trainable", true)) m.trainable(false);
        return m;
    }

    private static Sequential sequential(String name, JsonArray layerEntries, int[] inputShape, int depth) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < layerEntries.size(); i++) layers.add(layer(layerEntries.get(i), i, depth));
        Sequential model = new Sequential(name, layers.toArray(Layer[]::new));
        model.defineChain(Shape.of(inputShape));
        return model;
    }

    /** Layer {@code index} of a model's "layers" list; its errors say which. */
    private static Layer layer(JsonElement entryElement, int index, int depth) {
        try {
            ConfigReader entry = new ConfigReader(entryElement);
            String type = entry.string("class_name");
            JsonElement config = entry.get("config");
            if (type.equals("Sequential") || type.equals("Functional")) return fromConfig(type, config, depth + 1);
            Layer l = LayerRegistry.fromConfig(type, config);
            if (!new ConfigReader(config).bool("trainable", true)) l.trainable(false);
            return l;
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException("layer " + index + ": " + e.getMessage(), e);
        }
    }

    /** Recreates the layers, then applies them node by node as the references allow (a shared layer's nodes in order). */
    private static Model functional(ConfigReader config, int depth) {
        JsonArray entries = config.array("layers");
        List<Layer> layers = new ArrayList<>();
        List<JsonArray> pending = new ArrayList<>();
        Map<String, List<LayerNode>> nodes = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Layer l = layer(entries.get(i), i, depth);
            layers.add(l);
            try {
                pending.add(new ConfigReader(entries.get(i)).array("inbound_nodes"));
            } catch (InvalidConfigException e) {
                throw new InvalidConfigException("layer " + i + ": " + e.getMessage(), e);
            }
            if (nodes.put(l.name(), new ArrayList<>(l instanceof Input ? l.inboundNodes() : List.of())) != null) {
                throw new InvalidConfigException("two layers are named '" + l.name() + "'");
            }
        }
        int[] done = new int[layers.size()];
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < layers.size(); i++) {
                JsonArray specs = pending.get(i);
                while (done[i] < specs.size()) {
                    JsonArray refs = references(specs.get(done[i]), layers.get(i).name());
                    List<SymbolicTensor> args = new ArrayList<>();
                    for (JsonElement ref : refs) {
                        SymbolicTensor t;
                        try {
                            t = lookup(nodes, ref);
                        } catch (InvalidConfigException e) {
                            throw new InvalidConfigException("layer " + i + " ('" + layers.get(i).name() + "'), inbound node " + done[i]
                                    + ": " + e.getMessage(), e);
                        }
                        if (t == null) break;
                        args.add(t);
                    }
                    if (args.size() != refs.size()) break;
                    List<SymbolicTensor> outs = layers.get(i).applyAll(args);
                    nodes.get(layers.get(i).name()).add(outs.get(0).node());
                    done[i]++;
                    progress = true;
                }
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            if (done[i] < pending.get(i).size()) {
                throw new InvalidConfigException("the inbound nodes of layer '" + layers.get(i).name() + "' refer to tensors no layer produces");
            }
        }
        List<SymbolicTensor> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        for (JsonElement r : config.array("input_layers")) inputs.add(required(nodes, r));
        for (JsonElement r : config.array("output_layers")) outputs.add(required(nodes, r));
        return new Model(inputs, outputs).named(config.name());
    }

    private static JsonArray references(JsonElement node, String layer) {
        if (node instanceof JsonArray a) return a;
        throw new InvalidConfigException("an inbound node of layer '" + layer + "': expected an array of [layer, node, tensor]"
                + " references, found " + ConfigReader.describe(node));
    }

    /** The tensor {@code [layer, node, tensor]} names, or null while its node is not made yet. */
    private static SymbolicTensor lookup(Map<String, List<LayerNode>> nodes, JsonElement refElement) {
        if (!(refElement instanceof JsonArray ref) || ref.size() != 3) {
            throw new InvalidConfigException("a tensor reference: expected [layer, node, tensor], found " + ConfigReader.describe(refElement));
        }
        JsonObject fields = new JsonObject();
        fields.add("layer", ref.get(0));
        fields.add("node", ref.get(1));
        fields.add("tensor", ref.get(2));
        ConfigReader r = new ConfigReader(fields);
        String layer = r.string("layer");
        List<LayerNode> made = nodes.get(layer);
        if (made == null) throw new InvalidConfigException("a node refers to layer '" + layer + "', which is not in the model");
        int node = r.integer("node", 0, Integer.MAX_VALUE), tensor = r.integer("tensor", 0, Integer.MAX_VALUE);
        if (node >= made.size()) return null;
        List<SymbolicTensor> outs = made.get(node).outputs();
        if (tensor >= outs.size()) {
            throw new InvalidConfigException("reference " + ConfigReader.describe(ref) + ": layer '" + layer + "' has " + outs.size() + " outputs");
        }
        return outs.get(tensor);
    }

    private static SymbolicTensor required(Map<String, List<LayerNode>> nodes, JsonElement ref) {
        SymbolicTensor t = lookup(nodes, ref);
        if (t == null) throw new InvalidConfigException("the model refers to tensor " + ConfigReader.describe(ref) + ", which no layer produces");
        return t;
    }

    private static JsonObject readJson(ZipFile zip, Path path, long length) throws ModelFileException {
        byte[] bytes = ZipEntryReader.read(zip, path, JSON_ENTRY, length, MAX_JSON_BYTES);
        return JsonEntry.parse(bytes, MAX_JSON_VALUES, ZipEntryReader.MODEL, path, JSON_ENTRY);
    }

    private static void restoreWeights(byte[] bytes, Path path, Model model, JsonArray listed, boolean allowNonFinite)
            throws ModelFileException {
        // Each weight once, in save order, with the layer that owns it (for errors).
        List<Tensor> params = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        java.util.Set<Tensor> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Layer l : model.layers()) {
            List<Tensor> w = l.weights();
            for (int i = 0; i < w.size(); i++) {
                if (!seen.add(w.get(i))) continue;
                params.add(w.get(i));
                owners.add("weight " + i + " of " + l.describe());
            }
        }
        if (params.size() != model.weights().size()) { // the save order is model.weights(); fall back to it unnamed
            params = model.weights();
            owners = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) owners.add("weight " + i + " of the model");
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
            String which = owners.get(i);
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
            int bad = allowNonFinite ? -1 : NonFinite.firstIndex(v);
            if (bad >= 0) {
                throw new ModelFileException(path, which + " (shape " + p.shape() + ") holds " + v[bad] + " at index " + bad
                        + ": a model with non-finite weights cannot predict (was it saved after training diverged?"
                        + " Model.load(path, true) loads it anyway)");
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

}
