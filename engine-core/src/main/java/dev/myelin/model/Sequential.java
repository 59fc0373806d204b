package dev.myelin.model;

import dev.myelin.layers.IncompatibleShapeException;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Shapes;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.tensor.Shape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keras's {@code Sequential}: a stack of layers, each fed the previous one's output; a {@link Model}
 * whose graph is a chain.
 *
 * <pre>{@code
 * var model = new Sequential(new Input(28, 28, 1), new Conv2D(20, 5).activation("relu"), new MaxPooling2D(2),
 *         new Flatten(), new Dense(10));
 * model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
 * History h = model.fit(train, new FitOptions().epochs(3).validationSplit(0.1));
 * }</pre>
 *
 * Shapes are checked as layers are added once the input shape is known (from an {@link Input}, or
 * from the data on the first fit); parameters are created when the model is first used, from
 * {@link #seed(long) the model's seed}.
 */
public class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    private Shape inputShape;
    private Shape outputShape;

    /** A model of {@code layers}, in order; an {@link Input} first fixes the input shape. */
    public Sequential(Layer... layers) {
        super("sequential");
        for (Layer l : layers) add(l);
    }

    /** A model with a given name (a loaded model keeps its saved name). */
    Sequential(String name, Layer... layers) {
        this(layers);
        named(name);
    }

    /** Keras's class name. */
    @Override
    public String typeName() { return "Sequential"; }

    @Override
    public Sequential named(String newName) {
        super.named(newName);
        return this;
    }

    /** Appends a layer; once the input shape is known its shapes are checked at once. */
    public Sequential add(Layer layer) {
        if (hasGraph()) throw new IllegalStateException("cannot add " + layer.describe() + ": model '" + name() + "' is already built");
        if (layer instanceof Input input) {
            if (!layers.isEmpty()) throw new IllegalArgumentException("an Input must be the first layer; " + name() + " already has "
                    + layers.size() + " layer(s)");
            inputShape = input.shape();
        }
        layers.add(layer);
        if (inputShape != null) outputShape = inferShapes(inputShape);
        return this;
    }

    @Override
    public Sequential seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public Sequential output(java.io.PrintStream stream) {
        super.output(stream);
        return this;
    }

    /** The layers as added (an {@link Input} included when given). */
    @Override
    public List<Layer> layers() { return Collections.unmodifiableList(layers); }

    /** The computing layers ({@link Input} left out, as in Keras's summary). */
    List<Layer> computingLayers() {
        return layers.stream().filter(l -> !(l instanceof Input)).toList();
    }

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

    /**
     * Builds for samples of {@code sampleShape} (Keras's {@code model.build}): checks every layer's shapes,
     * chains them into the graph and creates the parameters from the model's seed; returns the output sample shape.
     */
    @Override
    public Shape build(Shape sampleShape) {
        defineChain(sampleShape);
        buildWeights();
        return outputShape;
    }

    /** As a layer of another model: chains the layers for the shape it is applied to, if no Input fixed one. */
    @Override
    protected List<Shape> computeOutputShapes(List<Shape> inputs) {
        if (!hasGraph() && inputShape == null && inputs.size() == 1) defineChain(inputs.get(0));
        return super.computeOutputShapes(inputs);
    }

    /** Chains the layers into the graph for samples of {@code sampleShape}, checking every layer's shapes; creates no weights. */
    final void defineChain(Shape sampleShape) {
        if (hasGraph()) {
            DataChecks.sampleShape(inputShape, sampleShape, "data");
            return;
        }
        if (layers.isEmpty() || layers.stream().allMatch(l -> l instanceof Input)) {
            throw new IllegalStateException("model '" + name() + "' has no layers to build");
        }
        if (inputShape != null && !inputShape.equals(sampleShape)) DataChecks.sampleShape(inputShape, sampleShape, "data");
        outputShape = inferShapes(sampleShape);
        inputShape = sampleShape;
        Input input = layers.get(0) instanceof Input given ? given : new Input(sampleShape.toArray());
        SymbolicTensor x = input.output();
        for (Layer l : computingLayers()) x = l.apply(x);
        defineGraph(List.of(input.output()), List.of(x));
    }

    /** Whether the parameters exist. */
    @Override
    public boolean isBuilt() { return hasGraph() && super.isBuilt(); }

    /** The sample shape the model takes, or null before it is known. */
    @Override
    public Shape inputShape() { return inputShape; }

    /** The sample shape the model outputs, or null before it is known. */
    @Override
    public Shape outputShape() { return outputShape; }

    @Override
    Graph graph() {
        if (!hasGraph() && inputShape != null) defineChain(inputShape);
        return super.graph();
    }

    @Override
    void prepare(List<Shape> sampleShapes, String what) {
        if (!hasGraph() && inputShape == null && sampleShapes.size() == 1) defineChain(sampleShapes.get(0));
        super.prepare(sampleShapes, what);
    }

    /** Keras's summary table for a Sequential: layer (type), output shape, parameter count, then the totals. */
    @Override
    public String summaryText() {
        graph();
        buildWeights();
        return SummaryTable.render(name(), computingLayers());
    }

    /** Reads a Sequential written by {@link #save} (or by an earlier version of Myelin). */
    public static Sequential load(Path path) throws IOException {
        return load(path, false);
    }

    /** {@link #load(Path)}, accepting NaN or infinite weights when {@code allowNonFiniteWeights}. */
    public static Sequential load(Path path, boolean allowNonFiniteWeights) throws IOException {
        Model m = ModelFile.load(path, allowNonFiniteWeights);
        if (m instanceof Sequential s) return s;
        throw new IOException("cannot load a Sequential from " + path + ": it holds a " + m.typeName() + " model; use Model.load");
    }
}
