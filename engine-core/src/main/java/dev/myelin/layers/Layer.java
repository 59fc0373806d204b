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
 * A building block of a model, as in Keras: {@link #build} infers the output shape from the input
 * shape and creates the parameters; {@link #call} computes the output with {@link dev.myelin.tensor.Ops}
 * only, so layers never touch a backend and autograd differentiates them.
 *
 * <p>Shapes here are a sample's shape, without the batch axis (Keras prints it as {@code None}).
 */
public abstract class Layer {
    private static final Map<String, AtomicInteger> NAME_COUNTERS = new ConcurrentHashMap<>();

    private String name;
    private Shape inputShape;
    private Shape outputShape;
    private final List<Tensor> params = new ArrayList<>();
    private final List<Tensor> nonTrainable = new ArrayList<>();

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

    public boolean isBuilt() { return outputShape != null; }

    /** Builds with weights seeded from a fixed default seed (for a layer used on its own). */
    public final Shape build(Shape sampleShape) {
        return build(sampleShape, new WeightFactory(WeightFactory.DEFAULT_SEED));
    }

    /**
     * Infers the output sample shape from the input sample shape and creates the parameters.
     *
     * @throws IncompatibleShapeException when this layer cannot take inputs of that shape
     */
    public final Shape build(Shape sampleShape, WeightFactory weights) {
        if (isBuilt()) {
            if (sampleShape.equals(inputShape)) return outputShape;
            throw new IllegalStateException(describe() + " was built for inputs " + Shapes.batched(inputShape)
                    + " and cannot be reused for " + Shapes.batched(sampleShape));
        }
        Shape out = computeOutputShape(sampleShape);
        try {
            createParams(sampleShape, weights);
        } catch (WeightLimitException e) {
            throw new WeightLimitException(e, describe());
        }
        this.inputShape = sampleShape;
        this.outputShape = out;
        return out;
    }

    /**
     * The output sample shape this layer would give for inputs of {@code input}, without building it:
     * how a model checks its shapes as layers are added.
     *
     * @throws IncompatibleShapeException when this layer cannot take inputs of that shape
     */
    public final Shape outputShapeFor(Shape input) {
        return computeOutputShape(input);
    }

    /** The output sample shape for inputs of {@code input}; throws {@link #incompatible} when they do not fit. */
    protected abstract Shape computeOutputShape(Shape input);

    /** Creates the parameters with {@link #addParam}; most layers have none. */
    protected void createParams(Shape input, WeightFactory weights) {}

    /** Registers a parameter, in the order {@link #params()} and the saved file list them. */
    protected final Tensor addParam(Tensor p) {
        params.add(p);
        return p;
    }

    /** The output for a batch {@code x} (batch axis first); {@code training} turns on dropout and the like. */
    public abstract Tensor call(Tensor x, boolean training);

    /**
     * Registers a weight that training does not update through gradients (Keras's non-trainable
     * weights, such as BatchNormalization's moving mean and variance); it is saved with the model.
     */
    protected final Tensor addNonTrainableParam(Tensor p) {
        nonTrainable.add(p);
        return p;
    }

    /**
     * This layer's weight penalty (its kernel and bias regularizers), a scalar computed with ops so
     * that training differentiates it, or null when it has none; the training loop adds it to the loss.
     */
    public Tensor regularizationLoss() {
        return null;
    }

    /** The trainable parameters, in a fixed order. */
    public List<Tensor> params() { return Collections.unmodifiableList(params); }

    /** The non-trainable weights (updated by the layer itself, not by the optimizer), in a fixed order. */
    public List<Tensor> nonTrainableParams() { return Collections.unmodifiableList(nonTrainable); }

    /** Every weight, trainable first then non-trainable: the order a saved model stores them in. */
    public List<Tensor> weights() {
        List<Tensor> all = new ArrayList<>(params);
        all.addAll(nonTrainable);
        return all;
    }

    /** All weights' element count, trainable and not, as Keras's summary counts a layer's "Param #". */
    public long paramCount() {
        return trainableParamCount() + count(nonTrainable);
    }

    /** The trainable parameters' element count. */
    public long trainableParamCount() {
        return count(params);
    }

    private static long count(List<Tensor> tensors) {
        long n = 0;
        for (Tensor p : tensors) n += p.size();
        return n;
    }

    /** Input sample shape once built, else null. */
    public Shape inputShape() { return inputShape; }

    /** Output sample shape once built, else null. */
    public Shape outputShape() { return outputShape; }

    /** What {@code fromConfig} needs to recreate this layer (not its weights); subclasses add their fields. */
    public JsonObject config() {
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
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
