package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Initializers;
import dev.myelin.initializers.Zeros;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.regularizers.Regularizers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Dense}: {@code activation(x @ kernel + bias)} with kernel {@code (in, units)}
 * (Glorot uniform) and bias {@code (units)} (zeros). On inputs of rank above 2 it acts on the last
 * axis, as Keras does: {@code (None, 20, 20, 3)} becomes {@code (None, 20, 20, units)}.
 */
public final class Dense extends Layer {
    private final int units;
    private String activation = "linear";
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Tensor kernel;
    private Tensor bias;
    private final WeightPenalties penalties = new WeightPenalties();

    /** A fully connected layer of {@code units} outputs, acting on the last axis (Keras's {@code Dense}). */
    public Dense(int units) {
        if (units < 1) throw new IllegalArgumentException("Dense needs at least 1 unit, got " + units);
        this.units = units;
    }

    /** The activation applied to the output, by Keras name; none by default. */
    public Dense activation(String name) {
        this.activation = Activations.canonical(name);
        return this;
    }

    /** Whether the layer adds a bias (Keras's {@code use_bias}, default true). */
    public Dense useBias(boolean value) {
        this.useBias = value;
        return this;
    }

    /** How the kernel is initialized (default Glorot uniform). */
    public Dense kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return this;
    }

    /** How the kernel is initialized, by Keras name (default {@code "glorot_uniform"}). */
    public Dense kernelInitializer(String name) {
        return kernelInitializer(Initializers.get(name));
    }

    /** Keras's {@code kernel_regularizer}: a penalty on the kernel added to the loss (null for none). */
    public Dense kernelRegularizer(Regularizer r) {
        penalties.kernel = r;
        return this;
    }

    /** The regularizer by Keras name: {@code "l1"}, {@code "l2"}, {@code "l1_l2"} (factors 0.01). */
    public Dense kernelRegularizer(String name) {
        return kernelRegularizer(Regularizers.get(name));
    }

    /** Keras's {@code bias_regularizer}: a penalty on the bias added to the loss (null for none). */
    public Dense biasRegularizer(Regularizer r) {
        penalties.bias = r;
        return this;
    }

    /** The bias regularizer by Keras name. */
    public Dense biasRegularizer(String name) {
        return biasRegularizer(Regularizers.get(name));
    }

    @Override
    public Tensor regularizationLoss() {
        return penalties.loss(kernel, bias);
    }

    /** The number of outputs. */
    public int units() { return units; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() < 1) throw incompatible("expects input of rank 2 or more (batch, ..., features)", input);
        return input.withLast(units);
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        int in = input.dim(-1);
        kernel = addParam(weights.create(Shape.of(in, units), kernelInitializer, in, units));
        if (useBias) bias = addParam(weights.create(Shape.of(units), new Zeros(), in, units));
    }

    /** Keras's {@code supports_masking}: a mask passes through unchanged. */
    @Override
    public boolean supportsMasking() { return true; }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Activations.applyWithBias(activation, Ops.dense(x, kernel, null), bias);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("units", units);
        c.addProperty("activation", activation);
        c.addProperty("use_bias", useBias);
        c.addProperty("kernel_initializer", kernelInitializer.name());
        penalties.writeTo(c);
        return c;
    }

    static Dense fromConfig(ConfigReader c) {
        Dense d = new Dense(c.integer("units", 1, Integer.MAX_VALUE))
                .activation(c.parsed("activation", Activations::canonical))
                .useBias(c.bool("use_bias"))
                .kernelInitializer(c.parsed("kernel_initializer", Initializers::get));
        d.penalties.readFrom(c);
        d.named(c.name());
        return d;
    }
}
