package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.data.Dataset;
import dev.myelin.data.ShapedArray;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerNode;
import dev.myelin.layers.RandomStream;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.layers.WeightFactory;
import dev.myelin.losses.Loss;
import dev.myelin.losses.Losses;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.Optimizers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras's functional {@code Model}: a graph of layer applications from its inputs to its outputs.
 *
 * <pre>{@code
 * SymbolicTensor in = Input.of(32, 32, 3);
 * SymbolicTensor x = new Conv2D(16, 3).padding("same").activation("relu").apply(in);
 * SymbolicTensor out = new Dense(10).apply(new Flatten().apply(x));
 * Model model = new Model(in, out);
 * model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", "accuracy");
 * model.fit(train, new FitOptions().epochs(3));
 * }</pre>
 *
 * A model is a layer too: applied to symbolic tensors it becomes one node of a larger graph and shares
 * its weights. Its weights are created when it is first used (fit, predict, summary, save), from
 * {@link #seed(long) its seed}, in the order of its layers. {@link Sequential} is a Model whose graph
 * is a chain: both train with the same loop, print the same summary and save to the same format.
 */
public class Model extends Layer implements dev.myelin.callbacks.TrainableModel {
    private Graph graph;
    private long seed = WeightFactory.DEFAULT_SEED;
    private CompileOptions compileOptions;
    private PrintStream out = System.out;
    private volatile boolean stopTraining;

    /** A model from one input to one output. */
    public Model(SymbolicTensor input, SymbolicTensor output) {
        this(List.of(input), List.of(output));
    }

    /** A model with several inputs and outputs, in the order fit, evaluate and predict take their arrays. */
    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        super("functional");
        this.graph = new Graph(name(), inputs, outputs);
    }

    /** For {@link Sequential}, whose graph is defined once its input shape is known. */
    Model(String baseName) {
        super(baseName);
    }

    /** Sets the graph (a Sequential's chain, once its input shape is known). */
    final void defineGraph(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        this.graph = new Graph(name(), inputs, outputs);
    }

    final boolean hasGraph() { return graph != null; }

    /** The graph; a Sequential without a known input shape has none yet. */
    Graph graph() {
        if (graph == null) {
            throw new IllegalStateException("model '" + name() + "' is not built: start it with an Input (e.g. new Input(28, 28, 1)) "
                    + "or fit it first");
        }
        return graph;
    }

    @Override
    public Model named(String newName) {
        super.named(newName);
        return this;
    }

    /** Keras's class name for a functional model. */
    @Override
    public String typeName() { return "Functional"; }

    /** Every layer once, input layers first (Keras's {@code model.layers}). */
    public List<Layer> layers() { return graph().layers; }

    /** The symbolic inputs, in order. */
    public List<SymbolicTensor> inputs() { return graph().inputs; }

    /** The symbolic outputs, in order. */
    public List<SymbolicTensor> outputs() { return graph().outputs; }

    /** The outputs' names (their layers' names), as losses, metrics and History keys name them. */
    public List<String> outputNames() {
        List<String> names = new ArrayList<>();
        for (SymbolicTensor t : outputs()) names.add(t.layer().name());
        return names;
    }

    /** The first input's sample shape, or null before it is known. */
    @Override
    public Shape inputShape() { return graph == null ? null : graph.inputs.get(0).shape(); }

    /** The first output's sample shape, or null before it is known. */
    @Override
    public Shape outputShape() { return graph == null ? null : graph.outputs.get(0).shape(); }

    /** Every input's sample shape, or null before they are known. */
    @Override
    public List<Shape> inputShapes() { return graph == null ? null : shapes(graph.inputs); }

    /** Every output's sample shape, or null before they are known. */
    @Override
    public List<Shape> outputShapes() { return graph == null ? null : shapes(graph.outputs); }

    private static List<Shape> shapes(List<SymbolicTensor> tensors) {
        List<Shape> s = new ArrayList<>();
        for (SymbolicTensor t : tensors) s.add(t.shape());
        return s;
    }

    /** Seeds parameter initialization and dropout; set it before the model is built. */
    public Model seed(long value) {
        if (isBuilt()) throw new IllegalStateException("set the seed of '" + name() + "' before it is built (before fit, predict or summary)");
        this.seed = value;
        return this;
    }

    /** The seed its weights are drawn from. */
    public long seed() { return seed; }

    /** Where fit and summary print (standard output by default). */
    public Model output(PrintStream stream) {
        this.out = stream;
        return this;
    }

    PrintStream out() { return out; }

    // ---- as a layer ------------------------------------------------------------------------------

    @Override
    protected Shape computeOutputShape(Shape input) {
        return computeOutputShapes(List.of(input)).get(0);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> inputs) {
        List<Shape> expected = shapes(graph().inputs);
        if (!inputs.equals(expected)) {
            throw new dev.myelin.layers.IncompatibleShapeException(describe() + " expects inputs " + batched(expected),
                    inputs.get(inputs.size() == expected.size() ? firstDifference(inputs, expected) : 0));
        }
        return shapes(graph().outputs);
    }

    private static int firstDifference(List<Shape> a, List<Shape> b) {
        for (int i = 0; i < a.size(); i++) if (!a.get(i).equals(b.get(i))) return i;
        return 0;
    }

    private static String batched(List<Shape> shapes) {
        List<String> s = new ArrayList<>();
        for (Shape x : shapes) s.add(dev.myelin.layers.Shapes.batched(x));
        return String.join(", ", s);
    }

    /** Builds every layer in execution order with {@code weights} (an outer model's, when nested). */
    @Override
    protected void createParams(List<Shape> inputs, WeightFactory weights) {
        for (SymbolicTensor t : graph().inputs) t.layer().build(List.of(t.shape()), weights);
        for (LayerNode node : graph().nodes) node.layer().build(node.inputShapes(), weights);
    }

    /** Builds the weights from the model's seed, if not built yet. */
    final void buildWeights() {
        buildWeights(Long.MAX_VALUE);
    }

    /** Builds the weights creating at most {@code limit} values: a loader's check against its weights file. */
    final void buildWeights(long limit) {
        if (!isBuilt()) build(shapes(graph().inputs), new WeightFactory(seed).limitTo(limit));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        List<Tensor> y = callAll(List.of(x), training);
        if (y.size() != 1) throw new IllegalStateException("model '" + name() + "' has " + y.size() + " outputs; use callAll");
        return y.get(0);
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        buildWeights();
        return graph().run(inputs, masks, training).outputs();
    }

    /** The outputs for a batch of every input; {@code training} turns dropout and the like on. */
    public List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        buildWeights();
        return graph().run(inputs, null, training).outputs();
    }

    /** Freezes or unfreezes every layer of the model, as Keras's {@code model.trainable = False} does. */
    @Override
    public Model trainable(boolean value) {
        super.trainable(value);
        for (Layer l : layers()) l.trainable(value);
        return this;
    }

    /** Every trainable parameter, layer by layer, each once (a shared layer's weights are one set). */
    @Override
    public List<Tensor> params() {
        buildWeights();
        return unique(Layer::params);
    }

    /** Every non-trainable weight, layer by layer, each once. */
    @Override
    public List<Tensor> nonTrainableParams() {
        buildWeights();
        return unique(Layer::nonTrainableParams);
    }

    /** Every weight, layer by layer (each layer's trainable kind first), each once: what a saved model stores. */
    @Override
    public List<Tensor> weights() {
        buildWeights();
        return unique(Layer::weights);
    }

    private List<Tensor> unique(java.util.function.Function<Layer, List<Tensor>> of) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> all = new ArrayList<>();
        for (Layer l : layers()) for (Tensor t : of.apply(l)) if (seen.add(t)) all.add(t);
        return all;
    }

    /** The sum of every layer's regularization penalty, or null when none has one. */
    @Override
    public Tensor regularizationLoss() {
        Tensor total = null;
        for (Layer l : layers()) {
            Tensor p = l.regularizationLoss();
            if (p != null) total = total == null ? p : Ops.add(total, p);
        }
        return total;
    }

    Backend backend() { return Backends.current(); }

    // ---- compile ---------------------------------------------------------------------------------

    /**
     * Keras's {@code compile(optimizer, loss, metrics)}; one loss for every output. Metrics are Keras
     * names or {@link dev.myelin.metrics.Metric} objects: {@code compile(adam, loss, "mae", "precision", new AUC())}.
     */
    public Model compile(Optimizer optimizer, Loss loss, Object... metrics) {
        if (loss == null) throw new IllegalArgumentException("compile needs a loss");
        return compile(new CompileOptions(optimizer).loss(loss).metrics(metrics));
    }

    /**
     * The loss-first order of Myelin before the functional API; the types tell it apart from Keras's order.
     *
     * @deprecated use {@link #compile(Optimizer, Loss, Object...)}, Keras's order
     */
    @Deprecated
    public Model compile(Loss loss, Optimizer optimizer, Object... metrics) {
        return compile(optimizer, loss, metrics);
    }

    /** {@code compile(new Adam(1e-3), "sparse_categorical_crossentropy", "accuracy")}. */
    public Model compile(Optimizer optimizer, String loss, Object... metrics) {
        return compile(optimizer, Losses.get(loss), metrics);
    }

    /** {@code compile("adam", "mse", "mae")}: Keras's order, optimizer first. */
    public Model compile(String optimizer, String loss, Object... metrics) {
        return compile(optimizer(optimizer, loss), Losses.get(loss), metrics);
    }

    /** {@code compile("adam", new SparseCategoricalCrossentropy(true), "accuracy")}. */
    public Model compile(String optimizer, Loss loss, Object... metrics) {
        return compile(optimizer(optimizer, null), loss, metrics);
    }

    /** One loss per output, in output order (entries {@link Loss} or names). */
    public Model compile(Optimizer optimizer, List<?> losses, Object... metrics) {
        return compile(new CompileOptions(optimizer).losses(losses).metrics(metrics));
    }

    /** One loss per output, by output name (values {@link Loss} or names). */
    public Model compile(Optimizer optimizer, Map<String, ?> losses, Object... metrics) {
        CompileOptions o = new CompileOptions(optimizer).metrics(metrics);
        losses.forEach((k, v) -> o.loss(k, CompileOptions.asLoss(v)));
        return compile(o);
    }

    /** Keras's {@code compile} with every option: losses per output, {@code lossWeights}, metrics per output. */
    public Model compile(CompileOptions options) {
        if (compileOptions != null && compileOptions.optimizer() != options.optimizer()) compileOptions.optimizer().release();
        this.compileOptions = options;
        return this;
    }

    /** An optimizer by name; a loss name in its place (the old loss-first order) gets an error saying Keras's order. */
    private static Optimizer optimizer(String name, String secondArgument) {
        try {
            return Optimizers.get(name);
        } catch (IllegalArgumentException e) {
            boolean isLoss;
            try {
                Losses.get(name);
                isLoss = true;
            } catch (IllegalArgumentException notLoss) {
                isLoss = false;
            }
            if (!isLoss) throw e;
            throw new IllegalArgumentException("compile takes the optimizer first, as Keras does: compile(\""
                    + (secondArgument == null ? "adam" : secondArgument) + "\", \"" + name + "\", ...), got \"" + name
                    + "\" (a loss) as the optimizer", e);
        }
    }

    /** The optimizer given to compile, or null before. */
    public Optimizer optimizer() { return compileOptions == null ? null : compileOptions.optimizer(); }

    /** The loss of the first output as compiled, or null before compile (or when losses are given per output). */
    public Loss loss() {
        if (compileOptions == null) return null;
        return compileOptions.resolve(name(), outputNames()).losses()[0];
    }

    private TrainingLoop loop(Dataset data, String action) {
        checkLabelCount(data, action);
        List<Shape> labelShapes = new ArrayList<>();
        for (int i = 0; i < data.labelCount(); i++) labelShapes.add(data.labelShape(i));
        return loop(labelShapes, action);
    }

    private TrainingLoop loop(List<Shape> labelShapes, String action) {
        if (compileOptions == null) {
            throw new IllegalStateException("model '" + name() + "' must be compiled before " + action
                    + ": call compile(optimizer, loss, metrics), e.g. compile(\"adam\", \"mse\")");
        }
        CompileOptions.Compiled c = compileOptions.resolve(name(), outputNames());
        List<Shape> outShapes = outputShapes();
        List<List<dev.myelin.metrics.Metric>> metrics = new ArrayList<>();
        for (int i = 0; i < outShapes.size(); i++) {
            metrics.add(CompiledMetrics.resolve(c.metrics().get(i), c.losses()[i], outShapes.get(i), labelShapes.get(i)));
        }
        return new TrainingLoop(this, c, metrics);
    }

    // ---- fit, evaluate, predict --------------------------------------------------------------------

    /**
     * Makes the model ready for data whose input samples have {@code sampleShapes}: builds the weights
     * and checks the shapes (a Sequential without an Input builds for them).
     */
    void prepare(List<Shape> sampleShapes, String what) {
        List<Shape> expected = shapes(graph().inputs);
        if (sampleShapes.size() != expected.size()) {
            throw new IllegalArgumentException("model '" + name() + "' takes " + expected.size() + " input arrays "
                    + inputNames() + " but the " + what + " has " + sampleShapes.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            DataChecks.sampleShape(expected.get(i), sampleShapes.get(i), what + (expected.size() > 1 ? " (input '" + inputNames().get(i) + "')" : ""));
        }
        buildWeights();
    }

    private List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (SymbolicTensor t : graph().inputs) names.add(t.layer().name());
        return names;
    }

    private static List<Shape> sampleShapes(Dataset data) {
        List<Shape> s = new ArrayList<>();
        for (int i = 0; i < data.inputCount(); i++) s.add(data.sampleShape(i));
        return s;
    }

    /** Keras's {@code fit}. */
    public History fit(Dataset train, FitOptions options) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("fit: the training data holds no samples; there is nothing to train on");
        }
        prepare(sampleShapes(train), "training data");
        TrainingLoop loop = loop(train, "fit");
        requireMemoryToTrain(Math.min(options.batchSize(), train.size()));
        // sample_weight is split with x and y, so validation weighs its samples too (Keras); class_weight is for training only
        if (options.sampleWeight() != null) train = SampleWeighting.apply(train, options.sampleWeight(), null);
        Dataset validation = options.validationData();
        if (validation == null && options.validationSplit() > 0) {
            Dataset[] parts = train.splitLast(options.validationSplit());
            train = parts[0];
            validation = parts[1];
        }
        checkData(train, "training data");
        if (validation != null) {
            prepare(sampleShapes(validation), "validation data");
            checkData(validation, "validation data");
        }
        return loop.fit(SampleWeighting.apply(train, null, options.classWeight()), validation, options, out);
    }

    /**
     * Keras's {@code fit} on a source that streams its batches (a {@link dev.myelin.data.DiskDataset},
     * an {@link dev.myelin.data.ImageDataset}); its own batch size, when it has one, wins over the
     * options'. As in Keras, a stream takes {@code validationData} but not {@code validationSplit},
     * class or sample weights (give those an in-memory {@link Dataset}).
     */
    public History fit(dev.myelin.data.DataSource train, FitOptions options) {
        if (train instanceof Dataset d) return fit(d, options);
        if (options.validationSplit() > 0) {
            throw new IllegalArgumentException("validationSplit needs in-memory data (a Dataset); for a streaming source pass validationData,"
                    + " or split an image folder with ImageDatasetOptions.validationSplit");
        }
        if (options.sampleWeight() != null || options.classWeight() != null) {
            throw new IllegalArgumentException("sampleWeight and classWeight need in-memory data (a Dataset), not a streaming source");
        }
        prepare(List.of(train.sampleShape()), "training data");
        if (outputShapes().size() != 1) {
            throw new IllegalArgumentException("model '" + name() + "' has " + outputShapes().size() + " outputs; a streaming source gives one label array");
        }
        TrainingLoop loop = loop(List.of(train.labelShape()), "fit");
        Dataset validation = options.validationData();
        if (validation != null) {
            prepare(sampleShapes(validation), "validation data");
            checkData(validation, "validation data");
        }
        return loop.fit(train, validation, options, out);
    }

    /**
     * Fails at once, with the numbers, when the gradients and one batch's activations (a lower bound of
     * what training needs beyond the weights) cannot fit the backend's memory.
     */
    private void requireMemoryToTrain(int batch) {
        long floats = 0;
        for (Tensor w : weights()) floats += w.size();
        long perSample = 0;
        for (Layer l : layers()) {
            if (l.outputShapes() != null) for (Shape shape : l.outputShapes()) perSample += shape.size();
        }
        floats += 2L * batch * perSample;
        dev.myelin.backend.MemoryLimit.require(backend(), Float.BYTES * floats, "training model '" + name() + "' in batches of "
                + batch + " samples (its gradients and one batch's activations, at the least)");
    }

    /** Keras's {@code fit(x, y, ...)} on rows of features with one class index or target each, with every option. */
    public History fit(float[][] x, float[] y, FitOptions options) {
        return fit(Dataset.of(x, y), options);
    }

    /** Keras's {@code fit(x, y, ...)} on rows of features with a row of targets each (one-hot labels, several targets). */
    public History fit(float[][] x, float[][] y, FitOptions options) {
        return fit(Dataset.of(x, y), options);
    }

    // ---- what callbacks use: Keras's stop_training, get_weights, set_weights, save_weights -------------

    @Override
    public boolean stopTraining() { return stopTraining; }

    @Override
    public void stopTraining(boolean value) { this.stopTraining = value; }

    @Override
    public List<float[]> getWeights() {
        List<float[]> all = new ArrayList<>();
        for (Tensor w : weights()) all.add(w.toArray());
        return all;
    }

    @Override
    public void setWeights(List<float[]> values) {
        List<Tensor> ws = weights();
        if (values.size() != ws.size()) {
            throw new IllegalArgumentException("setWeights: model '" + name() + "' has " + ws.size() + " weights, got " + values.size());
        }
        for (int i = 0; i < ws.size(); i++) {
            Tensor w = ws.get(i);
            if (values.get(i).length != w.size()) {
                throw new IllegalArgumentException("setWeights: weight " + i + " of model '" + name() + "' has shape " + w.shape()
                        + " (" + w.size() + " values), got " + values.get(i).length + " values");
            }
            Backend be = w.backend();
            try (Tensor src = be.fromArray(w.shape(), values.get(i), 0)) {
                be.copyInto(src, w);
            }
        }
    }

    /**
     * Keras's {@code save_weights}: every weight's shape and values, atomically; NaN or infinite weights
     * (the usual result of a diverged training) are refused.
     */
    @Override
    public void saveWeights(Path path) throws IOException {
        saveWeights(path, false);
    }

    /** {@link #saveWeights(Path)}, saving NaN or infinite weights too when {@code allowNonFiniteWeights}. */
    public void saveWeights(Path path, boolean allowNonFiniteWeights) throws IOException {
        WeightsFile.save(this, path, allowNonFiniteWeights);
    }

    /**
     * Keras's {@code load_weights}: weights written by {@link #saveWeights} into this model of the same
     * architecture. A damaged file, a shape that differs (named with its layer) or a NaN or infinite value
     * is a {@link ModelFileException}, and leaves the model's weights as they were.
     */
    public void loadWeights(Path path) throws IOException {
        loadWeights(path, false);
    }

    /** {@link #loadWeights(Path)}, accepting NaN or infinite values when {@code allowNonFiniteWeights}. */
    public void loadWeights(Path path, boolean allowNonFiniteWeights) throws IOException {
        WeightsFile.load(this, path, allowNonFiniteWeights);
    }

    /** Every layer that draws random numbers, nested models included, in a fixed order (what a training backup saves). */
    List<Layer> allLayers() {
        List<Layer> all = new ArrayList<>();
        for (Layer l : layers()) {
            all.add(l);
            if (l instanceof Model m && m != this) all.addAll(m.allLayers());
        }
        return all;
    }

    /** The layers of {@link #allLayers()}, each followed by the layers it wraps (a Bidirectional's directions). */
    List<Layer> allLayersAndSublayers() {
        List<Layer> all = new ArrayList<>();
        for (Layer l : allLayers()) addWithSublayers(l, all);
        return all;
    }

    private static void addWithSublayers(Layer l, List<Layer> all) {
        all.add(l);
        for (Layer inner : l.sublayers()) addWithSublayers(inner, all);
    }

    /** Every layer that draws random numbers, in the fixed order of {@link #allLayersAndSublayers()}: what a training backup saves. */
    List<RandomStream> randomStreams() {
        List<RandomStream> streams = new ArrayList<>();
        for (Layer l : allLayersAndSublayers()) if (l instanceof RandomStream r) streams.add(r);
        return streams;
    }

    /** Keras's {@code fit(x, y)} on arrays, batch axis first. */
    public History fit(ShapedArray x, ShapedArray y, FitOptions options) {
        return fit(Dataset.of(x, y), options);
    }

    /** Keras's {@code fit([x1, x2], [y1, y2])}: one array per input and one per output, in the model's order. */
    public History fit(List<ShapedArray> x, List<ShapedArray> y, FitOptions options) {
        return fit(Dataset.of(x, y), options);
    }

    /** Convenience: rows of features, one class index or target per row, Keras's other defaults. */
    public History fit(float[][] x, float[] y, int epochs, int batchSize) {
        return fit(Dataset.of(x, y), new FitOptions().epochs(epochs).batchSize(batchSize));
    }

    /** Keras's {@code evaluate}: {@code loss} and the compiled metrics. */
    public Map<String, Double> evaluate(Dataset data, int batchSize) {
        prepare(sampleShapes(data), "evaluation data");
        TrainingLoop loop = loop(data, "evaluate");
        checkData(data, "evaluation data");
        return loop.evaluate(data, batchSize);
    }

    /** Keras's {@code evaluate([x1, x2], [y1, y2])}. */
    public Map<String, Double> evaluate(List<ShapedArray> x, List<ShapedArray> y, int batchSize) {
        return evaluate(Dataset.of(x, y), batchSize);
    }

    private void checkLabelCount(Dataset data, String what) {
        int outputs = outputShapes().size();
        if (data.labelCount() != outputs) {
            throw new IllegalArgumentException("model '" + name() + "' has " + outputs + " outputs " + outputNames() + " but the data for "
                    + what + " has " + data.labelCount() + " label arrays");
        }
    }

    private void checkData(Dataset data, String what) {
        List<Shape> outShapes = outputShapes();
        checkLabelCount(data, what);
        for (int i = 0; i < data.inputCount(); i++) DataChecks.finiteInputs(data.x(i), data.sampleShape(i).sizeAsInt(), what);
        CompileOptions.Compiled c = compileOptions.resolve(name(), outputNames());
        for (int i = 0; i < outShapes.size(); i++) {
            String label = outShapes.size() > 1 ? what + " (output '" + outputNames().get(i) + "')" : what;
            DataChecks.labels(data.y(i), data.labelShape(i), c.losses()[i], outShapes.get(i), label);
        }
    }

    /** The model's outputs for every sample of {@code data} (labels ignored), row after row (one output). */
    public float[] predict(Dataset data, int batchSize) {
        List<ShapedArray> xs = new ArrayList<>();
        for (int i = 0; i < data.inputCount(); i++) xs.add(ShapedArray.of(data.x(i), data.sampleShape(i).prepend(data.size())));
        return onlyOutput(predict(xs, batchSize)).data();
    }

    /** The outputs for samples of {@code sampleShape} stored one after another in {@code x}, row after row (one input and output). */
    public float[] predict(float[] x, Shape sampleShape, int batchSize) {
        int sampleSize = sampleShape.sizeAsInt();
        if (sampleSize == 0 || x.length % sampleSize != 0) {
            throw new IllegalArgumentException("predict: " + x.length + " values do not divide into samples of shape " + sampleShape);
        }
        return onlyOutput(predict(List.of(ShapedArray.of(x, sampleShape.prepend(x.length / sampleSize))), batchSize)).data();
    }

    /**
     * One output row per input row, batch size 32 (one input and output). A row holds one sample's
     * values; for an image model it is read in the input's shape (row-major, channels last).
     */
    public float[][] predict(float[][] x) {
        if (x.length == 0) return new float[0][];
        ShapedArray rows = ShapedArray.ofRows(x);
        Shape in = inputShape();
        if (in != null && in.rank() > 1 && in.size() == rows.sampleShape().size()) rows = ShapedArray.of(rows.data(), in.prepend(x.length));
        return predict(rows).rows();
    }

    /** The outputs with their shape, batch axis first (e.g. {@code (n, 28, 28, 1)} images), batch size 32. */
    public ShapedArray predict(ShapedArray x) {
        return onlyOutput(predict(List.of(x), 32));
    }

    /** Keras's {@code predict([x1, x2])}: one array per output, batch axis first. */
    public List<ShapedArray> predict(List<ShapedArray> x, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        List<Shape> sampleShapes = new ArrayList<>();
        for (ShapedArray a : x) sampleShapes.add(a.sampleShape());
        prepare(sampleShapes, "data to predict");
        int n = x.get(0).count();
        for (ShapedArray a : x) {
            if (a.count() != n) throw new IllegalArgumentException("predict: input arrays differ in length: " + n + " and " + a.count());
            DataChecks.finiteInputs(a.data(), a.sampleShape().sizeAsInt(), "data to predict");
        }
        List<Shape> outShapes = outputShapes();
        float[][] results = new float[outShapes.size()][];
        for (int k = 0; k < results.length; k++) results[k] = new float[Math.multiplyExact(n, outShapes.get(k).sizeAsInt())];
        Backend be = backend();
        // Each batch runs in parts of at most partRows samples where the backend asks for that (on the CPU, parts whose activations stay in cache).
        int partRows = graph().samplewiseInference() ? be.inferenceRows(Math.multiplyExact(graph().largestSampleActivation(), Float.BYTES)) : Integer.MAX_VALUE;
        if (partRows < 1) throw new IllegalStateException(be.name() + " asked for inference in parts of " + partRows + " samples");
        try (AutoCloseable noGrad = Ops.noGrad()) {
            for (int batchFrom = 0; batchFrom < n; batchFrom += batchSize) {
                int batchTo = batchFrom + Math.min(batchSize, n - batchFrom);
                for (int from = batchFrom; from < batchTo; from += partRows) {
                    predictRows(be, x, from, Math.min(partRows, batchTo - from), outShapes, results);
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        List<ShapedArray> out = new ArrayList<>();
        for (int k = 0; k < results.length; k++) out.add(ShapedArray.of(results[k], outShapes.get(k).prepend(n)));
        return out;
    }

    /** The outputs (sample shapes {@code outShapes}) of samples {@code [from, from + rows)} of {@code x} into {@code results}, as one batch. */
    private void predictRows(Backend be, List<ShapedArray> x, int from, int rows, List<Shape> outShapes, float[][] results) {
        try (Scope s = Scope.open()) {
            List<Tensor> in = new ArrayList<>();
            for (ShapedArray a : x) {
                Shape sample = a.sampleShape();
                in.add(be.fromArray(sample.prepend(rows), a.data(), from * sample.sizeAsInt()));
            }
            List<Tensor> y = callAll(in, false);
            for (int k = 0; k < results.length; k++) be.copyToArray(y.get(k), results[k], from * outShapes.get(k).sizeAsInt());
        }
    }

    private ShapedArray onlyOutput(List<ShapedArray> outputs) {
        if (outputs.size() != 1) {
            throw new IllegalStateException("model '" + name() + "' has " + outputs.size() + " outputs; use predict(List, batchSize)");
        }
        return outputs.get(0);
    }

    // ---- summary, save, load ---------------------------------------------------------------------

    /** Keras's summary table: layer (type), output shape, parameter count, connections, then the totals. */
    public String summaryText() {
        buildWeights();
        return SummaryTable.renderGraph(this);
    }

    /** Prints {@link #summaryText()}. */
    public void summary() {
        out.print(summaryText());
        out.flush();
    }

    /**
     * Writes the architecture (a Keras-like JSON config with each layer's inbound nodes), every
     * weight and, once compiled, the compile settings and the optimizer's state to one file,
     * atomically: a failed save leaves no file behind and any earlier file intact.
     */
    public void save(Path path) throws IOException {
        save(path, true);
    }

    /** As {@link #save(Path)}; {@code includeOptimizer} false leaves out the optimizer's state (its settings stay). */
    public void save(Path path, boolean includeOptimizer) throws IOException {
        save(path, includeOptimizer, false);
    }

    /**
     * As {@link #save(Path, boolean)}, saving a model with NaN or infinite weights too when
     * {@code allowNonFiniteWeights} (by default such a model, the usual result of a diverged training, is
     * refused naming the layer and weight).
     */
    public void save(Path path, boolean includeOptimizer, boolean allowNonFiniteWeights) throws IOException {
        buildWeights();
        ModelFile.save(this, path, includeOptimizer, allowNonFiniteWeights);
    }

    /** The compile settings, or null before compile (what a saved model records). */
    CompileOptions compileOptions() { return compileOptions; }

    /**
     * Reads a model written by {@link #save} (a functional model or a Sequential); {@code predict} then
     * gives bit-identical outputs, and a model saved compiled comes back compiled, its optimizer where it was.
     */
    public static Model load(Path path) throws IOException {
        return ModelFile.load(path, false);
    }

    /**
     * {@link #load(Path)}, accepting NaN or infinite weights when {@code allowNonFiniteWeights} (by default
     * they are refused with a {@link ModelFileException} naming the layer and weight).
     */
    public static Model load(Path path, boolean allowNonFiniteWeights) throws IOException {
        return ModelFile.load(path, allowNonFiniteWeights);
    }

    /** Frees the weights and optimizer state. */
    @Override
    public void release() {
        for (Layer l : layers()) l.release();
        if (compileOptions != null) compileOptions.optimizer().release();
    }
}
