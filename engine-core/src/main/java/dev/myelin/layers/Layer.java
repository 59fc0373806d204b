package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A building block of a model, as in Keras. A layer is applied to {@link SymbolicTensor}s with
 * {@link #apply}, which records a {@link LayerNode} and infers the output shapes at once; a
 * {@link dev.myelin.model.Model} then runs those nodes on real tensors. Applying a layer twice shares
 * its weights.
 *
 * <p>Writing a layer. The common case has one input and one output: override
 * {@link #computeOutputShape(Shape)} (the output sample shape, or {@link #incompatible} when the input
 * does not fit), {@link #createParams(Shape, WeightFactory)} (its weights, with {@link #addParam} and
 * {@link #addNonTrainableParam}), and {@link #call(Tensor, boolean)} (the output, with
 * {@link dev.myelin.tensor.Ops} only, so layers never touch a backend and autograd differentiates them).
 *
 * <p>Several inputs or outputs (merges, recurrent layers returning their states): override
 * {@link #computeOutputShapes(List)}, {@link #createParams(List, WeightFactory)} if it has weights, and
 * {@link #call(List, List, boolean)}, which gets every input and input mask and returns one tensor per output.
 *
 * <p>Masks, as in Keras: a mask is a tensor of 1s and 0s of shape {@code (batch, timesteps)} saying
 * which timesteps are real. A layer that makes one (Embedding with {@code maskZero}) overrides
 * {@link #computeMask}; a layer that reads its input's mask overrides {@link #call(Tensor, Tensor, boolean)}
 * (or the list form); a layer that leaves the timesteps alone and so passes the mask on returns true from
 * {@link #supportsMasking()}. Other layers drop the mask, as Keras does.
 *
 * <p>Shapes here are a sample's shape, without the batch axis (Keras prints it as {@code None}).
 */
public abstract class Layer {
    private static final Map<String, AtomicInteger> NAME_COUNTERS = new ConcurrentHashMap<>();

    private String name;
    private List<Shape> inputShapes;
    private List<Shape> outputShapes;
    private boolean trainable = true;
    private final List<Tensor> params = new ArrayList<>();
    private final List<Tensor> nonTrainable = new ArrayList<>();
    private final List<LayerNode> inboundNodes = new ArrayList<>();

    protected Layer() {
        this.name = uniqueName(snakeCase(getClass().getSimpleName()));
    }

    /** For a layer whose Keras name is not its class name in snake case. */
    protected Layer(String baseName) {
        this.name = uniqueName(baseName);
    }

    /** Keras's naming: the first {@code Dense} is {@code dense}, the next {@code dense_1}, and so on. */
    static String uniqueName(String base) {
        int n = NAME_COUNTERS.computeIfAbsent(base, k -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? base : base + "_" + n;
    }

    /** Keras's {@code to_snake_case}: {@code MaxPooling2D} to {@code max_pooling2d}. */
    static String snakeCase(String className) {
        String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The layer's name, unique per base name ({@code dense}, {@code dense_1}). */
    public String name() { return name; }

    /** Renames this layer (before it joins a model). */
    public Layer named(String newName) {
        if (newName == null || newName.isBlank()) throw new IllegalArgumentException("a layer name must not be empty");
        this.name = newName;
        return this;
    }

    /** The class name Keras prints in {@code summary()}: {@code Dense}, {@code Conv2D}. */
    public String typeName() { return getClass().getSimpleName(); }

    /** {@code Conv2D 'conv2d'}: how errors name this layer. */
    public String describe() { return typeName() + " '" + name + "'"; }

    /** The layers this one wraps and runs (a Bidirectional's two directions, a TimeDistributed's layer); none by default. */
    public List<Layer> sublayers() { return List.of(); }

    /** Whether the weights have been created. */
    public boolean isBuilt() { return outputShapes != null; }

    // ---- the functional API ------------------------------------------------------------------

    /**
     * Applies this layer to symbolic inputs (Keras's {@code layer(x)}): checks their shapes, records a
     * node and returns its output. For a layer with several outputs use {@link #applyAll}.
     *
     * @throws IllegalArgumentException naming this layer, the layers the inputs come from and their shapes,
     *                                  when this layer cannot take them
     */
    public SymbolicTensor apply(SymbolicTensor... inputs) {
        return single(applyAll(List.of(inputs)));
    }

    /** {@link #apply(SymbolicTensor...)} on a list of inputs, e.g. for a {@code Concatenate}. */
    public SymbolicTensor apply(List<SymbolicTensor> inputs) {
        return single(applyAll(inputs));
    }

    private SymbolicTensor single(List<SymbolicTensor> outputs) {
        if (outputs.size() != 1) {
            throw new IllegalStateException(describe() + " has " + outputs.size() + " outputs; use applyAll to get them all");
        }
        return outputs.get(0);
    }

    /** Applies this layer to symbolic inputs and returns every output (e.g. an LSTM's output and states). */
    public List<SymbolicTensor> applyAll(SymbolicTensor... inputs) {
        return applyAll(List.of(inputs));
    }

    /** Applies this layer to symbolic inputs and returns every output. */
    public List<SymbolicTensor> applyAll(List<SymbolicTensor> inputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException(describe() + " needs at least one input");
        List<Shape> shapes = new ArrayList<>();
        for (SymbolicTensor t : inputs) shapes.add(t.shape());
        List<Shape> out;
        try {
            List<Shape> reference = isBuilt() ? inputShapes : inboundNodes.isEmpty() ? null : inboundNodes.get(0).inputShapes();
            if (reference != null) checkReuse(reference, shapes);
            out = computeOutputShapes(shapes);
        } catch (IncompatibleShapeException e) {
            throw new IllegalArgumentException(e.expectation() + " but " + sources(inputs), e);
        }
        LayerNode node = new LayerNode(this, inboundNodes.size(), inputs, out);
        inboundNodes.add(node);
        return node.outputs();
    }

    /** {@code 'dense' outputs (None, 10)}, or every input's source when there are several. */
    private static String sources(List<SymbolicTensor> inputs) {
        List<String> parts = new ArrayList<>();
        for (SymbolicTensor t : inputs) parts.add(t.describeSource());
        return String.join(" and ", parts);
    }

    /**
     * A layer applied again (shared) must get inputs its weights fit: the same number, each of the same
     * rank and last axis as before (what Keras's input specs check for Dense and Conv2D).
     */
    private void checkReuse(List<Shape> before, List<Shape> now) {
        if (before.equals(now)) return;
        boolean fits = before.size() == now.size();
        for (int i = 0; fits && i < now.size(); i++) {
            Shape a = before.get(i), b = now.get(i);
            fits = a.rank() == b.rank() && (a.rank() == 0 || a.dim(-1) == b.dim(-1));
        }
        if (!fits) {
            throw new IncompatibleShapeException(describe() + " was first applied to inputs " + batched(before)
                    + " and cannot be shared with inputs of another rank or last axis", now.get(0));
        }
    }

    private static String batched(List<Shape> shapes) {
        List<String> s = new ArrayList<>();
        for (Shape x : shapes) s.add(Shapes.batched(x));
        return String.join(", ", s);
    }

    /** The nodes recording each application of this layer, in order (Keras's {@code _inbound_nodes}). */
    public List<LayerNode> inboundNodes() { return Collections.unmodifiableList(inboundNodes); }

    /** For {@link Input}: the node that has no inputs and produces the model input. */
    final LayerNode addInputNode(Shape shape) {
        LayerNode node = new LayerNode(this, inboundNodes.size(), List.of(), List.of(shape));
        inboundNodes.add(node);
        return node;
    }

    // ---- building ----------------------------------------------------------------------------

    /** Builds with weights seeded from a fixed default seed (for a layer used on its own); returns the output sample shape. */
    public Shape build(Shape sampleShape) {
        return build(sampleShape, new WeightFactory(WeightFactory.DEFAULT_SEED));
    }

    /**
     * Infers the output sample shape from the input sample shape and creates the parameters.
     *
     * @throws IncompatibleShapeException when this layer cannot take inputs of that shape
     */
    public final Shape build(Shape sampleShape, WeightFactory weights) {
        return build(List.of(sampleShape), weights).get(0);
    }

    /**
     * Infers the output sample shapes from the input sample shapes and creates the weights; a layer
     * already built only checks that the inputs fit its weights.
     *
     * @throws IncompatibleShapeException when this layer cannot take inputs of those shapes
     */
    public final List<Shape> build(List<Shape> sampleShapes, WeightFactory weights) {
        if (isBuilt()) {
            if (sampleShapes.equals(inputShapes)) return outputShapes;
            checkReuse(inputShapes, sampleShapes);
            return computeOutputShapes(sampleShapes);
        }
        List<Shape> out = List.copyOf(computeOutputShapes(sampleShapes));
        try {
            createParams(sampleShapes, weights);
        } catch (WeightLimitException e) {
            throw new WeightLimitException(e, describe());
        }
        this.inputShapes = List.copyOf(sampleShapes);
        this.outputShapes = out;
        if (!trainable) freeze(false);
        return out;
    }

    /**
     * The output sample shape this layer would give for inputs of {@code input}, without building it:
     * how a model checks its shapes as layers are added.
     *
     * @throws IncompatibleShapeException when this layer cannot take inputs of that shape
     */
    public final Shape outputShapeFor(Shape input) {
        return computeOutputShapes(List.of(input)).get(0);
    }

    /** The output sample shape for inputs of {@code input}; throws {@link #incompatible} when they do not fit. */
    protected abstract Shape computeOutputShape(Shape input);

    /**
     * The output sample shapes for inputs of {@code inputs}, one per output. The default takes exactly
     * one input and gives {@link #computeOutputShape(Shape)}; layers with several inputs or outputs override it.
     */
    protected List<Shape> computeOutputShapes(List<Shape> inputs) {
        if (inputs.size() != 1) {
            throw new IncompatibleShapeException(describe() + " takes one input, not " + inputs.size(), inputs.get(1));
        }
        return List.of(computeOutputShape(inputs.get(0)));
    }

    /** Creates the parameters with {@link #addParam}; most layers have none. */
    protected void createParams(Shape input, WeightFactory weights) {}

    /** Creates the parameters for several inputs; the default passes the one input on to {@link #createParams(Shape, WeightFactory)}. */
    protected void createParams(List<Shape> inputs, WeightFactory weights) {
        if (inputs.size() == 1) createParams(inputs.get(0), weights);
    }

    /** Registers a parameter, in the order {@link #params()} and the saved file list them. */
    protected final Tensor addParam(Tensor p) {
        params.add(p);
        return p;
    }

    // ---- calling -----------------------------------------------------------------------------

    /**
     * The output for a batch {@code x} (batch axis first); {@code training} turns on dropout and the
     * like. Single-input layers override this; a layer with several inputs overrides {@link #call(List, List, boolean)}.
     */
    public Tensor call(Tensor x, boolean training) {
        throw new UnsupportedOperationException(describe() + " takes several inputs: call it with a list");
    }

    /** The output for {@code x} whose mask is {@code mask} (null for none); the default ignores the mask. */
    public Tensor call(Tensor x, Tensor mask, boolean training) {
        return call(x, training);
    }

    /**
     * The outputs for a batch of every input, {@code masks} holding each input's mask (entries null
     * where none). The default passes a single input to {@link #call(Tensor, Tensor, boolean)}.
     */
    public List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        if (inputs.size() != 1) throw new IllegalArgumentException(describe() + " takes one input, got " + inputs.size());
        return List.of(call(inputs.get(0), masks.isEmpty() ? null : masks.get(0), training));
    }

    /** Whether this layer passes its input's mask on unchanged (Keras's {@code supports_masking}); false by default. */
    public boolean supportsMasking() { return false; }

    /**
     * The mask of each output, given the inputs and their masks (entries null where none), or null when
     * no output has one. The default passes the first input's mask on when {@link #supportsMasking()}.
     */
    public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        if (!supportsMasking() || masks.isEmpty() || masks.get(0) == null) return null;
        return Collections.nCopies(outputShapes == null ? 1 : outputShapes.size(), masks.get(0));
    }

    /**
     * The penalty this layer adds to the training loss (kernel and bias regularizers), as a scalar
     * tensor, or null when it has none. Models add every layer's to the loss they minimize and report.
     */
    public Tensor regularizationLoss() { return null; }

    // ---- weights -----------------------------------------------------------------------------

    /**
     * Registers a weight that training does not update through gradients (Keras's non-trainable
     * weights, such as BatchNormalization's moving mean and variance); it is saved with the model.
     */
    protected final Tensor addNonTrainableParam(Tensor p) {
        nonTrainable.add(p);
        return p;
    }

    /** Whether training updates this layer's weights (Keras's {@code layer.trainable}). */
    public boolean isTrainable() { return trainable; }

    /**
     * Freezes ({@code false}) or unfreezes this layer, as Keras's {@code layer.trainable = False}: a frozen
     * layer's weights count as non-trainable, get no gradients and are left alone by the optimizer.
     */
    public Layer trainable(boolean value) {
        this.trainable = value;
        if (isBuilt()) freeze(value);
        return this;
    }

    private void freeze(boolean value) {
        for (Tensor p : params) p.requiresGrad(value);
    }

    /** The trainable parameters, in a fixed order; empty while the layer is frozen. */
    public List<Tensor> params() { return trainable ? Collections.unmodifiableList(params) : List.of(); }

    /** The non-trainable weights (a frozen layer's parameters too), in a fixed order. */
    public List<Tensor> nonTrainableParams() {
        if (trainable) return Collections.unmodifiableList(nonTrainable);
        List<Tensor> all = new ArrayList<>(params);
        all.addAll(nonTrainable);
        return all;
    }

    /** Every weight, the trainable kind first then the non-trainable: the order a saved model stores them in. */
    public List<Tensor> weights() {
        List<Tensor> all = new ArrayList<>(params);
        all.addAll(nonTrainable);
        return all;
    }

    /** All weights' element count, trainable and not, as Keras's summary counts a layer's "Param #". */
    public long paramCount() {
        return count(weights());
    }

    /** The trainable parameters' element count. */
    public long trainableParamCount() {
        return count(params());
    }

    /** The element count of {@code tensors}. */
    protected static long count(List<Tensor> tensors) {
        long n = 0;
        for (Tensor p : tensors) n += p.size();
        return n;
    }

    /** Input sample shape once built (the first input's, for several), else null. */
    public Shape inputShape() { return inputShapes == null ? null : inputShapes.get(0); }

    /** Output sample shape once built (the first output's, for several), else null. */
    public Shape outputShape() { return outputShapes == null ? null : outputShapes.get(0); }

    /** Every input's sample shape once built, else null. */
    public List<Shape> inputShapes() { return inputShapes; }

    /** Every output's sample shape once built, else null. */
    public List<Shape> outputShapes() { return outputShapes; }

    /** What {@code fromConfig} needs to recreate this layer (not its weights); subclasses add their fields. */
    public JsonObject config() {
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        if (!trainable) c.addProperty("trainable", false);
        return c;
    }

    /** The error for inputs this layer cannot take: {@code expectation} says what it needs. */
    protected final IncompatibleShapeException incompatible(String expectation, Shape got) {
        return new IncompatibleShapeException(describe() + " " + expectation, got);
    }

    /** Closes the parameters' storage. */
    public void release() {
        for (Tensor p : params) p.close();
        for (Tensor p : nonTrainable) p.close();
    }

    @Override
    public String toString() { return describe(); }
}
