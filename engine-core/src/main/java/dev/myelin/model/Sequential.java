package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.data.Dataset;
import dev.myelin.layers.IncompatibleShapeException;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Shapes;
import dev.myelin.layers.WeightFactory;
import dev.myelin.losses.Loss;
import dev.myelin.losses.Losses;
import dev.myelin.metrics.Accuracy;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code Sequential}: a stack of layers, each fed the previous one's output.
 *
 * <pre>{@code
 * var model = new Sequential(new Input(28, 28, 1), new Conv2D(20, 5).activation("relu"), new MaxPooling2D(2),
 *         new Flatten(), new Dense(10));
 * model.compile(new SparseCategoricalCrossentropy(true), new Adam(1e-3), "accuracy");
 * History h = model.fit(train, new FitOptions().epochs(3).validationSplit(0.1));
 * }</pre>
 *
 * Shapes are checked as layers are added once the input shape is known (from an {@link Input}, or
 * from the data on the first fit); parameters are created when the model is first used, from
 * {@link #seed(long) the model's seed}.
 */
public final class Sequential {
    private final String name;
    private final List<Layer> layers = new ArrayList<>();
    private Shape inputShape;
    private Shape outputShape;
    private long seed = WeightFactory.DEFAULT_SEED;
    private boolean built;
    private Loss loss;
    private Optimizer optimizer;
    private boolean wantsAccuracy;
    private PrintStream out = System.out;

    public Sequential(Layer... layers) {
        this(Naming.next("sequential"), layers);
    }

    /** A model with a given name (a loaded model keeps its saved name). */
    Sequential(String name, Layer... layers) {
        this.name = name;
        for (Layer l : layers) add(l);
    }

    public String name() { return name; }

    /** Appends a layer; once the input shape is known its shapes are checked at once. */
    public Sequential add(Layer layer) {
        if (built) throw new IllegalStateException("cannot add " + layer.describe() + ": model '" + name + "' is already built");
        if (layer instanceof Input input) {
            if (!layers.isEmpty()) throw new IllegalArgumentException("an Input must be the first layer; " + name + " already has "
                    + layers.size() + " layer(s)");
            inputShape = input.shape();
        }
        layers.add(layer);
        if (inputShape != null) outputShape = inferShapes(inputShape);
        return this;
    }

    /** Seeds parameter initialization and dropout; set it before the model is built. */
    public Sequential seed(long value) {
        if (built) throw new IllegalStateException("set the seed of '" + name + "' before it is built (before fit, predict or summary)");
        this.seed = value;
        return this;
    }

    public long seed() { return seed; }

    /** Where fit prints progress (standard output by default). */
    public Sequential output(PrintStream stream) {
        this.out = stream;
        return this;
    }

    public List<Layer> layers() { return Collections.unmodifiableList(layers); }

    /** The computing layers ({@link Input} left out, as in Keras's summary). */
    List<Layer> computingLayers() {
        return layers.stream().filter(l -> !(l instanceof Input)).toList();
    }

    // ---- building ---------------------------------------------------------------------------

    /** Runs shape inference from {@code input} through every layer, naming both layers on a mismatch. */
    private Shape inferShapes(Shape input) {
        Shape shape = input;
        Layer previous = null;
        for (Layer l : layers) {
            try {
                shape = l.outputShapeFor(shape);
            } catch (IncompatibleShapeException e) {
                String source = previous == null || previous instanceof Input ? "the model's input is "
                        : "'" + previous.name() + "' outputs ";
                throw new IllegalArgumentException(e.expectation() + " but " + source + Shapes.batched(e.got()), e);
            }
            previous = l;
        }
        return shape;
    }

    /** Builds for samples of {@code sampleShape}: checks every layer's shapes and creates the parameters. */
    public Sequential build(Shape sampleShape) {
        return build(sampleShape, Long.MAX_VALUE);
    }

    /** Sets the sample shape a loaded model expects, without building it. */
    void expectInput(Shape sampleShape) {
        this.inputShape = sampleShape;
    }

    /**
     * Builds creating at most {@code weightLimit} parameter values (a loader's check against its weights
     * file, before anything larger is allocated).
     */
    Sequential build(Shape sampleShape, long weightLimit) {
        if (built) {
            DataChecks.sampleShape(inputShape, sampleShape, "data");
            return this;
        }
        if (layers.isEmpty() || layers.stream().allMatch(l -> l instanceof Input)) {
            throw new IllegalStateException("model '" + name + "' has no layers to build");
        }
        if (inputShape != null && !inputShape.equals(sampleShape)) DataChecks.sampleShape(inputShape, sampleShape, "data");
        outputShape = inferShapes(sampleShape);
        inputShape = sampleShape;
        WeightFactory weights = new WeightFactory(seed).limitTo(weightLimit);
        Shape shape = sampleShape;
        for (Layer l : layers) shape = l.build(shape, weights);
        built = true;
        return this;
    }

    private void buildFromInput(String action) {
        if (built) return;
        if (inputShape == null) {
            throw new IllegalStateException("model '" + name + "' is not built: start it with an Input (e.g. new Input(28, 28, 1)) "
                    + "or fit it before " + action);
        }
        build(inputShape);
    }

    public boolean isBuilt() { return built; }

    /** The sample shape the model takes, or null before it is known. */
    public Shape inputShape() { return inputShape; }

    /** The sample shape the model outputs, or null before it is known. */
    public Shape outputShape() { return outputShape; }

    /** Every trainable parameter, layer by layer. */
    public List<Tensor> params() {
        buildFromInput("asking for its parameters");
        List<Tensor> all = new ArrayList<>();
        for (Layer l : layers) all.addAll(l.params());
        return all;
    }

    /** Every weight, trainable and not, layer by layer: what a saved model stores. */
    public List<Tensor> weights() {
        buildFromInput("asking for its weights");
        List<Tensor> all = new ArrayList<>();
        for (Layer l : layers) all.addAll(l.weights());
        return all;
    }

    Backend backend() { return Backends.current(); }

    /** The output for a batch, layer after layer; {@code training} turns dropout on. */
    public Tensor call(Tensor x, boolean training) {
        Tensor y = x;
        for (Layer l : layers) y = l.call(y, training);
        return y;
    }

    // ---- compile ----------------------------------------------------------------------------

    /** Keras's {@code compile}; the only metric is {@code "accuracy"} (or {@code "acc"}), resolved as Keras does. */
    public Sequential compile(Loss loss, Optimizer optimizer, String... metrics) {
        if (loss == null || optimizer == null) throw new IllegalArgumentException("compile needs a loss and an optimizer");
        boolean acc = false;
        for (String m : metrics) {
            String n = m.toLowerCase(Locale.ROOT);
            if (n.equals("accuracy") || n.equals("acc")) acc = true;
            else throw new IllegalArgumentException("unknown metric \"" + m + "\"; known: accuracy");
        }
        if (this.optimizer != null && this.optimizer != optimizer) this.optimizer.release();
        this.loss = loss;
        this.optimizer = optimizer;
        this.wantsAccuracy = acc;
        return this;
    }

    /** String form: {@code compile("sparse_categorical_crossentropy", "adam", "accuracy")}. */
    public Sequential compile(String loss, String optimizer, String... metrics) {
        return compile(Losses.get(loss), Optimizers.get(optimizer), metrics);
    }

    public Sequential compile(Loss loss, String optimizer, String... metrics) {
        return compile(loss, Optimizers.get(optimizer), metrics);
    }

    public Loss loss() { return loss; }

    public Optimizer optimizer() { return optimizer; }

    private TrainingLoop loop(Dataset data, String action) {
        if (loss == null) throw new IllegalStateException("model '" + name + "' must be compiled before " + action
                + ": call compile(loss, optimizer, \"accuracy\")");
        Accuracy accuracy = wantsAccuracy ? Accuracy.resolve(loss, outputShape, data.labelShape()) : null;
        return new TrainingLoop(this, loss, optimizer, accuracy);
    }

    // ---- fit, evaluate, predict -----------------------------------------------------------

    /** Keras's {@code fit}. */
    public History fit(Dataset train, FitOptions options) {
        if (built) DataChecks.sampleShape(inputShape, train.sampleShape(), "training data");
        else build(train.sampleShape());
        TrainingLoop loop = loop(train, "fit");
        Dataset validation = options.validationData();
        if (validation == null && options.validationSplit() > 0) {
            Dataset[] parts = train.splitLast(options.validationSplit());
            train = parts[0];
            validation = parts[1];
        }
        checkData(train, "training data", true);
        if (validation != null) checkData(validation, "validation data", true);

        History history = new History();
        int epochs = options.epochs();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            if (options.learningRateSchedule() != null) {
                optimizer.setLearningRate(options.learningRateSchedule().learningRate(epoch - 1, optimizer.learningRate()));
            }
            long start = System.nanoTime();
            PrintStream barOut = options.verbose() == 1 ? out : null;
            Map<String, Double> logs = new LinkedHashMap<>(loop.trainEpoch(train, options.batchSize(), options.shuffle(),
                    options.seed() * 1_000_003L + epoch, barOut));
            if (validation != null) {
                loop.evaluate(validation, options.batchSize()).forEach((k, v) -> logs.put("val_" + k, v));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            history.record(logs, seconds);
            if (options.verbose() > 0) out.println(epochLine(epoch, epochs, seconds, logs));
            if (options.onEpochEnd() != null) options.onEpochEnd().onEpochEnd(epoch, epochs, Collections.unmodifiableMap(logs), seconds);
        }
        return history;
    }

    /** Convenience: rows of features, one class index or target per row, Keras's other defaults. */
    public History fit(float[][] x, float[] y, int epochs, int batchSize) {
        return fit(Dataset.of(x, y), new FitOptions().epochs(epochs).batchSize(batchSize));
    }

    /** {@code Epoch 3/5 - 12s - loss: 0.0812 - accuracy: 0.9751 - val_loss: ... - val_accuracy: ...}. */
    static String epochLine(int epoch, int epochs, double seconds, Map<String, Double> logs) {
        StringBuilder b = new StringBuilder("Epoch ").append(epoch).append('/').append(epochs)
                .append(" - ").append(ProgressBar.formatSeconds(seconds));
        logs.forEach((k, v) -> b.append(" - ").append(k).append(": ").append(String.format(Locale.ROOT, "%.4f", v)));
        return b.toString();
    }

    /** Keras's {@code evaluate}: {@code loss} and, when compiled with it, {@code accuracy}. */
    public Map<String, Double> evaluate(Dataset data, int batchSize) {
        buildFromInput("evaluate");
        DataChecks.sampleShape(inputShape, data.sampleShape(), "evaluation data");
        TrainingLoop loop = loop(data, "evaluate");
        checkData(data, "evaluation data", true);
        return loop.evaluate(data, batchSize);
    }

    /** The model's outputs for every sample of {@code data} (labels ignored), row after row. */
    public float[] predict(Dataset data, int batchSize) {
        return predict(data.x(), data.sampleShape(), batchSize);
    }

    /** The outputs for samples of {@code sampleShape} stored one after another in {@code x}, row after row. */
    public float[] predict(float[] x, Shape sampleShape, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        if (built || inputShape != null) {
            buildFromInput("predict");
            DataChecks.sampleShape(inputShape, sampleShape, "data to predict");
        } else {
            build(sampleShape);
        }
        int sampleSize = sampleShape.sizeAsInt();
        if (x.length % sampleSize != 0) {
            throw new IllegalArgumentException("predict: " + x.length + " values do not divide into samples of shape " + sampleShape);
        }
        DataChecks.finiteInputs(x, sampleSize, "data to predict");
        int n = x.length / sampleSize, outSize = outputShape.sizeAsInt();
        float[] result = new float[n * outSize];
        Backend be = backend();
        try (AutoCloseable noGrad = Ops.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int rows = Math.min(batchSize, n - from);
                try (Scope s = Scope.open()) {
                    Tensor in = be.fromArray(sampleShape.prepend(rows), x, from * sampleSize);
                    be.copyToArray(call(in, false), result, from * outSize);
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        return result;
    }

    /** One output row per input row, batch size 32. */
    public float[][] predict(float[][] x) {
        if (x.length == 0) return new float[0][];
        Dataset d = Dataset.of(x, new float[x.length]);
        float[] flat = predict(d, 32);
        int w = flat.length / x.length;
        float[][] rows = new float[x.length][];
        for (int i = 0; i < rows.length; i++) rows[i] = java.util.Arrays.copyOfRange(flat, i * w, (i + 1) * w);
        return rows;
    }

    private void checkData(Dataset data, String what, boolean withLabels) {
        DataChecks.finiteInputs(data.x(), data.sampleShape().sizeAsInt(), what);
        if (withLabels) DataChecks.labels(data, loss, outputShape, what);
    }

    // ---- summary, save, load -----------------------------------------------------------------

    /** Keras's summary table: layer (type), output shape, parameter count, then the totals. */
    public String summaryText() {
        buildFromInput("summary()");
        return SummaryTable.render(name, computingLayers());
    }

    public void summary() {
        out.print(summaryText());
        out.flush();
    }

    /**
     * Writes the architecture and weights to one file (a zip of {@code model.json} and little-endian
     * float32 weights), atomically: a failed save leaves no file behind and any earlier file intact.
     */
    public void save(Path path) throws IOException {
        buildFromInput("save");
        ModelFile.save(this, path);
    }

    /** Reads a model written by {@link #save}; {@code predict} then gives bit-identical outputs. */
    public static Sequential load(Path path) throws IOException {
        return ModelFile.load(path);
    }

    /** Frees the parameters and optimizer state. */
    public void release() {
        for (Layer l : layers) l.release();
        if (optimizer != null) optimizer.release();
    }

    /** Keras's per-prefix model names: {@code sequential}, {@code sequential_1}, ... */
    private static final class Naming {
        private static final Map<String, Integer> COUNTS = new java.util.HashMap<>();

        static synchronized String next(String base) {
            int n = COUNTS.merge(base, 1, Integer::sum) - 1;
            return n == 0 ? base : base + "_" + n;
        }
    }
}
