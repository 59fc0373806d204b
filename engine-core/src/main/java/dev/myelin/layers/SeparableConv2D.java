package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.initializers.Zeros;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code SeparableConv2D}: a depthwise convolution (strides, padding and dilation apply
 * here) followed by a pointwise 1x1 convolution to {@code filters} channels, then bias and
 * activation. Weights in Keras's order: depthwise kernel, pointwise kernel, bias.
 */
public final class SeparableConv2D extends BaseConv2D<SeparableConv2D> {
    private final int filters;
    private int depthMultiplier = 1;
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
        pointwise = addParam(weights.create(Shape.of(filters, 1, 1, mid), kernelInit(), mid, filters));
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
        return c;
    }

    static SeparableConv2D fromConfig(JsonObject c) {
        int[] k = readPair(c, "kernel_size");
        return new SeparableConv2D(c.get("filters").getAsInt(), k[0], k[1]).depthMultiplier(c.get("depth_multiplier").getAsInt())
                .restoreConv(c);
    }
}
