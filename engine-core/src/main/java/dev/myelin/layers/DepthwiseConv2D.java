package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Zeros;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.regularizers.Regularizers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code DepthwiseConv2D}: each input channel convolved with its own {@code depthMultiplier}
 * filters, output channel {@code c * depthMultiplier + m}, as Keras orders them. It runs as a
 * convolution with one group per input channel; the kernel is stored OHWI
 * {@code (inChannels * depthMultiplier, kh, kw, 1)} (Keras: {@code (kh, kw, inChannels, depthMultiplier)}).
 */
public final class DepthwiseConv2D extends BaseConv2D<DepthwiseConv2D> {
    private int depthMultiplier = 1;
    private Regularizer depthwiseRegularizer;
    private Regularizer biasRegularizer;
    private Tensor kernel;
    private Tensor bias;
    private int inChannels;

    /** A square {@code kernelSize x kernelSize} kernel. */
    public DepthwiseConv2D(int kernelSize) {
        this(kernelSize, kernelSize);
    }

    /** A {@code kernelH x kernelW} kernel. */
    public DepthwiseConv2D(int kernelH, int kernelW) {
        super(kernelH, kernelW);
    }

    /** Output channels per input channel (Keras's default 1). */
    public DepthwiseConv2D depthMultiplier(int m) {
        if (m < 1) throw new IllegalArgumentException("DepthwiseConv2D depth multiplier must be at least 1, got " + m);
        this.depthMultiplier = m;
        return this;
    }

    /** Keras's {@code depthwise_initializer}: how the depthwise kernel is drawn (default glorot_uniform). */
    public DepthwiseConv2D depthwiseInitializer(String name) {
        return kernelInitializer(name);
    }

    /** Keras's {@code depthwise_initializer}. */
    public DepthwiseConv2D depthwiseInitializer(Initializer init) {
        return kernelInitializer(init);
    }

    /** Keras's {@code depthwise_regularizer}: a penalty on the depthwise kernel added to the loss (null for none). */
    public DepthwiseConv2D depthwiseRegularizer(Regularizer r) {
        this.depthwiseRegularizer = r;
        return this;
    }

    /** The depthwise regularizer by Keras name: {@code "l1"}, {@code "l2"}, {@code "l1_l2"}. */
    public DepthwiseConv2D depthwiseRegularizer(String name) {
        return depthwiseRegularizer(Regularizers.get(name));
    }

    /** Keras's {@code bias_regularizer} (null for none). */
    public DepthwiseConv2D biasRegularizer(Regularizer r) {
        this.biasRegularizer = r;
        return this;
    }

    /** The bias regularizer by Keras name. */
    public DepthwiseConv2D biasRegularizer(String name) {
        return biasRegularizer(Regularizers.get(name));
    }

    @Override
    public Tensor regularizationLoss() {
        return Penalties.sum(depthwiseRegularizer, kernel, biasRegularizer, bias);
    }

    @Override
    protected String kernelInitializerKey() { return "depthwise_initializer"; }

    /** Output channels per input channel. */
    public int depthMultiplier() { return depthMultiplier; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        int[] hw = outputSize(input);
        checkStridesAndDilation(input);
        return Shape.of(hw[0], hw[1], input.dim(2) * depthMultiplier);
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        inChannels = input.dim(2);
        int area = windowH * windowW, out = inChannels * depthMultiplier;
        // Keras's fans for a (kh, kw, inChannels, multiplier) kernel.
        kernel = addParam(weights.create(Shape.of(out, windowH, windowW, 1), kernelInit(), area * inChannels, area * depthMultiplier));
        if (usesBias()) bias = addParam(weights.create(Shape.of(out), new Zeros(), area * inChannels, area * depthMultiplier));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor y = Ops.conv2d(x, kernel, geometry(x, inChannels * depthMultiplier, inChannels));
        if (bias != null) y = Ops.addBias(y, bias);
        return Activations.apply(activationName(), y);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("depth_multiplier", depthMultiplier);
        c.add("depthwise_regularizer", Regularizers.toJson(depthwiseRegularizer));
        c.add("bias_regularizer", Regularizers.toJson(biasRegularizer));
        return c;
    }

    static DepthwiseConv2D fromConfig(ConfigReader c) {
        int[] k = readPair(c, "kernel_size");
        return new DepthwiseConv2D(k[0], k[1]).depthMultiplier(c.integer("depth_multiplier", 1, Integer.MAX_VALUE))
                .depthwiseRegularizer(c.element("depthwise_regularizer", Regularizers::fromJson))
                .biasRegularizer(c.element("bias_regularizer", Regularizers::fromJson))
                .restoreConv(c);
    }
}
