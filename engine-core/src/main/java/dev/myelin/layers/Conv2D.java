package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.initializers.Zeros;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.regularizers.Regularizers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Conv2D} on NHWC images, with its dilation rate and groups (each of {@code groups}
 * consecutive slices of the output channels sees only its slice of the input channels). The kernel
 * is stored OHWI {@code (filters, kh, kw, inChannels / groups)}, the SPI's layout.
 */
public final class Conv2D extends BaseConv2D<Conv2D> {
    private final int filters;
    private int groups = 1;
    private final WeightPenalties penalties = new WeightPenalties();
    private Tensor kernel;
    private Tensor bias;

    /** {@code filters} square {@code kernelSize x kernelSize} filters. */
    public Conv2D(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize);
    }

    /** {@code filters} filters of {@code kernelH x kernelW}. */
    public Conv2D(int filters, int kernelH, int kernelW) {
        super(kernelH, kernelW);
        if (filters < 1) throw new IllegalArgumentException("Conv2D needs at least 1 filter, got " + filters);
        this.filters = filters;
    }

    /** Cuts the channels into {@code n} groups (Keras's default 1); {@code n} must divide the filters and the input channels. */
    public Conv2D groups(int n) {
        if (n < 1 || filters % n != 0) {
            throw new IllegalArgumentException("Conv2D groups must be a positive divisor of the filters (" + filters + "), got " + n);
        }
        this.groups = n;
        return this;
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

    /** Output channels. */
    public int filters() { return filters; }

    /** Channel groups (1: every filter sees every input channel). */
    public int groups() { return groups; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        int[] hw = outputSize(input);
        checkStridesAndDilation(input);
        if (input.dim(2) % groups != 0) {
            throw incompatible("has " + groups + " groups, which must divide the input channels (" + input.dim(2) + ")", input);
        }
        return Shape.of(hw[0], hw[1], filters);
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        int perGroup = input.dim(2) / groups, area = windowH * windowW;
        kernel = addParam(weights.create(Shape.of(filters, windowH, windowW, perGroup), kernelInit(), area * perGroup, area * filters));
        if (usesBias()) bias = addParam(weights.create(Shape.of(filters), new Zeros(), area * perGroup, area * filters));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Activations.applyWithBias(activationName(), Ops.conv2d(x, kernel, geometry(x, filters, groups)), bias);
    }

    /** The bias (null when the layer has none or is not built). */
    Tensor bias() { return bias; }

    /**
     * {@code activation(conv(x) * scale + shift + residual)}, scale and shift per filter, for
     * inference: how a batch norm folded into this layer runs (this layer's own bias is in
     * {@code shift}), with a residual block's Add of {@code residual} (null: none).
     */
    Tensor callScaleShift(Tensor x, Tensor scale, Tensor shift, Tensor residual, String activation) {
        Backend be = x.backend();
        Conv2dGeometry geo = geometry(x, filters, groups);
        boolean kind = Activations.isKind(activation);
        ActivationKind k = kind ? Activations.kind(activation) : ActivationKind.LINEAR;
        float alpha = kind ? Activations.parameter(activation) : 0f;
        Tensor y = residual == null ? be.conv2dScaleShiftActivation(x, kernel, geo, scale, shift, k, alpha)
                : be.conv2dScaleShiftAddActivation(x, kernel, geo, scale, shift, residual, k, alpha);
        return kind ? y : Activations.apply(activation, y);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("filters", filters);
        c.addProperty("groups", groups);
        penalties.writeTo(c);
        return c;
    }

    static Conv2D fromConfig(ConfigReader c) {
        int[] k = readPair(c, "kernel_size");
        Conv2D layer = new Conv2D(c.integer("filters", 1, Integer.MAX_VALUE), k[0], k[1]);
        if (c.has("groups")) layer.groups(c.integer("groups", 1, Integer.MAX_VALUE));
        layer.penalties.readFrom(c);
        return layer.restoreConv(c);
    }
}
