package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Initializers;
import dev.myelin.initializers.Zeros;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.regularizers.Regularizers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Conv2D} on NHWC images. The kernel is stored OHWI {@code (filters, kh, kw, inChannels)},
 * the SPI's layout (Keras stores HWIO; the parameter count is the same).
 */
public final class Conv2D extends SlidingWindow2D<Conv2D> {
    private final int filters;
    private String activation = "linear";
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Tensor kernel;
    private Tensor bias;
    private final WeightPenalties penalties = new WeightPenalties();
    private int inChannels;

    /** {@code filters} square {@code kernelSize x kernelSize} filters. */
    public Conv2D(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize);
    }

    public Conv2D(int filters, int kernelH, int kernelW) {
        super(kernelH, kernelW, 1, 1);
        if (filters < 1) throw new IllegalArgumentException("Conv2D needs at least 1 filter, got " + filters);
        this.filters = filters;
    }

    public Conv2D activation(String name) {
        this.activation = Activations.canonical(name);
        return this;
    }

    public Conv2D useBias(boolean value) {
        this.useBias = value;
        return this;
    }

    public Conv2D kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return this;
    }

    public Conv2D kernelInitializer(String name) {
        return kernelInitializer(Initializers.get(name));
    }

    /** Keras's {@code kernel_regularizer}: a penalty on the kernel added to the loss (null for none). */
    public Conv2D kernelRegularizer(Regularizer r) {
        penalties.kernel = r;
        return this;
    }

    /** The regularizer by Keras name: {@code "l1"}, {@code "l2"}, {@code "l1_l2"} (factors 0.01). */
    public Conv2D kernelRegularizer(String name) {
        return kernelRegularizer(Regularizers.get(name));
    }

    /** Keras's {@code bias_regularizer}: a penalty on the bias added to the loss (null for none). */
    public Conv2D biasRegularizer(Regularizer r) {
        penalties.bias = r;
        return this;
    }

    /** The bias regularizer by Keras name. */
    public Conv2D biasRegularizer(String name) {
        return biasRegularizer(Regularizers.get(name));
    }

    @Override
    public Tensor regularizationLoss() {
        return penalties.loss(kernel, bias);
    }

    public int filters() { return filters; }

    @Override
    protected String windowWord() { return "kernel"; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        int[] hw = outputSize(input);
        return Shape.of(hw[0], hw[1], filters);
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        inChannels = input.dim(2);
        int area = windowH * windowW;
        kernel = addParam(weights.create(Shape.of(filters, windowH, windowW, inChannels), kernelInitializer,
                area * inChannels, area * filters));
        if (useBias) bias = addParam(weights.create(Shape.of(filters), new Zeros(), area * inChannels, area * filters));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Conv2dGeometry g = Conv2dGeometry.of(x.dim(0), x.dim(1), x.dim(2), inChannels, filters, windowH, windowW,
                strideH(), strideW(), padding());
        Tensor y = Ops.conv2d(x, kernel, g);
        if (bias != null) y = Ops.addBias(y, bias);
        return Activations.apply(activation, y);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("filters", filters);
        c.addProperty("activation", activation);
        c.addProperty("use_bias", useBias);
        c.addProperty("kernel_initializer", kernelInitializer.name());
        penalties.writeTo(c);
        return c;
    }

    static Conv2D fromConfig(ConfigReader c) {
        int[] k = readPair(c, "kernel_size");
        Conv2D conv = new Conv2D(c.integer("filters", 1, Integer.MAX_VALUE), k[0], k[1]);
        conv.penalties.readFrom(c);
        return conv
                .activation(c.parsed("activation", Activations::canonical))
                .useBias(c.bool("use_bias"))
                .kernelInitializer(c.parsed("kernel_initializer", Initializers::get))
                .restoreWindow(c);
    }
}
