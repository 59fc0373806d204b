package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Initializers;
import dev.myelin.initializers.Zeros;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.regularizers.Regularizers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code SeparableConv2D}: a depthwise convolution (strides, padding and dilation apply
 * here) followed by a pointwise 1x1 convolution to {@code filters} channels, then bias and
 * activation. Weights in Keras's order: depthwise kernel, pointwise kernel, bias. The base class's
 * kernel initializer is Keras's {@code depthwise_initializer}.
 */
public final class SeparableConv2D extends BaseConv2D<SeparableConv2D> {
    private final int filters;
    private int depthMultiplier = 1;
    private Initializer pointwiseInitializer = Initializers.get("glorot_uniform");
    private Regularizer depthwiseRegularizer, pointwiseRegularizer, biasRegularizer;
    private Tensor depthwise;
    private Tensor pointwise;
    private Tensor bias;
    private int inChannels;

    /** {@code filters} output channels from a square {@code kernelSize x kernelSize} depthwise kernel. */
    public SeparableConv2D(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize);
    }

    /** {@code filters} output channels from a {@code kernelH x kernelW} depthwise kernel. */
    public SeparableConv2D(int filters, int kernelH, int kernelW) {
        super(kernelH, kernelW);
        if (filters < 1) throw new IllegalArgumentException("SeparableConv2D needs at least 1 filter, got " + filters);
        this.filters = filters;
    }

    /** Depthwise output channels per input channel (Keras's default 1). */
    public SeparableConv2D depthMultiplier(int m) {
        if (m < 1) throw new IllegalArgumentException("SeparableConv2D depth multiplier must be at least 1, got " + m);
        this.depthMultiplier = m;
        return this;
    }

    /** Keras's {@code depthwise_initializer} (default glorot_uniform). */
    public SeparableConv2D depthwiseInitializer(String name) {
        return kernelInitializer(name);
    }

    /** Keras's {@code pointwise_initializer} (default glorot_uniform). */
    public SeparableConv2D pointwiseInitializer(String name) {
        this.pointwiseInitializer = Initializers.get(name);
        return this;
    }

    /** Keras's {@code depthwise_regularizer} by name ({@code "l1"}, {@code "l2"}, {@code "l1_l2"}), or null for none. */
    public SeparableConv2D depthwiseRegularizer(String name) {
        this.depthwiseRegularizer = name == null ? null : Regularizers.get(name);
        return this;
    }

    /** Keras's {@code pointwise_regularizer} by name, or null for none. */
    public SeparableConv2D pointwiseRegularizer(String name) {
        this.pointwiseRegularizer = name == null ? null : Regularizers.get(name);
        return this;
    }

    /** Keras's {@code bias_regularizer} by name, or null for none. */
    public SeparableConv2D biasRegularizer(String name) {
        this.biasRegularizer = name == null ? null : Regularizers.get(name);
        return this;
    }

    @Override
    public Tensor regularizationLoss() {
        Tensor d = Penalties.sum(depthwiseRegularizer, depthwise, pointwiseRegularizer, pointwise);
        Tensor b = Penalties.sum(biasRegularizer, bias, null, null);
        return d == null ? b : b == null ? d : Ops.add(d, b);
    }

    @Override
    protected String kernelInitializerKey() { return "depthwise_initializer"; }

    /** Output channels. */
    public int filters() { return filters; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        int[] hw = outputSize(input);
        checkStridesAndDilation(input);
        return Shape.of(hw[0], hw[1], filters);
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        inChannels = input.dim(2);
        int area = windowH * windowW, mid = inChannels * depthMultiplier;
        depthwise = addParam(weights.create(Shape.of(mid, windowH, windowW, 1), kernelInit(), area * inChannels, area * depthMultiplier));
        pointwise = addParam(weights.create(Shape.of(filters, 1, 1, mid), pointwiseInitializer, mid, filters));
        if (usesBias()) bias = addParam(weights.create(Shape.of(filters), new Zeros(), mid, filters));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int mid = inChannels * depthMultiplier;
        Tensor d = Ops.conv2d(x, depthwise, geometry(x, mid, inChannels));
        Conv2dGeometry point = Conv2dGeometry.of(d.dim(0), d.dim(1), d.dim(2), mid, filters, 1, 1, 1, 1, Padding.VALID);
        Tensor y = Ops.conv2d(d, pointwise, point);
        if (bias != null) y = Ops.addBias(y, bias);
        return Activations.apply(activationName(), y);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("filters", filters);
        c.addProperty("depth_multiplier", depthMultiplier);
        c.addProperty("pointwise_initializer", pointwiseInitializer.name());
        c.add("depthwise_regularizer", Regularizers.toJson(depthwiseRegularizer));
        c.add("pointwise_regularizer", Regularizers.toJson(pointwiseRegularizer));
        c.add("bias_regularizer", Regularizers.toJson(biasRegularizer));
        return c;
    }

    static SeparableConv2D fromConfig(ConfigReader c) {
        int[] k = readPair(c, "kernel_size");
        SeparableConv2D layer = new SeparableConv2D(c.integer("filters", 1, Integer.MAX_VALUE), k[0], k[1])
                .depthMultiplier(c.integer("depth_multiplier", 1, Integer.MAX_VALUE));
        if (c.has("pointwise_initializer")) c.parsed("pointwise_initializer", layer::pointwiseInitializer);
        layer.depthwiseRegularizer = c.element("depthwise_regularizer", Regularizers::fromJson);
        layer.pointwiseRegularizer = c.element("pointwise_regularizer", Regularizers::fromJson);
        layer.biasRegularizer = c.element("bias_regularizer", Regularizers::fromJson);
        return layer.restoreConv(c);
    }
}
