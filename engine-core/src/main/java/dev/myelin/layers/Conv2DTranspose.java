package dev.myelin.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.initializers.Zeros;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.regularizers.Regularizers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Conv2DTranspose} (a "deconvolution"): the transpose of the convolution that would
 * map its output back to its input, so strides enlarge the image. Output length per axis, Keras's
 * {@code deconv_output_length} with the dilated kernel span {@code k}: without output padding,
 * {@code in * stride + max(k - stride, 0)} for "valid" and {@code in * stride} for "same"; with
 * output padding {@code p}, {@code (in - 1) * stride + k - 2 * pad + p}, {@code pad} 0 for "valid"
 * and {@code k / 2} for "same". The padding of that underlying convolution is TensorFlow's
 * ({@code tf.nn.conv2d_transpose}): none for "valid"; for "same", the total
 * {@code max((in - 1) * stride + k - out, 0)}, the odd pixel at the end.
 * The kernel is that convolution's OHWI filter {@code (inChannels, kh, kw, filters)} (Keras stores
 * {@code (kh, kw, filters, inChannels)}, the same count).
 */
public final class Conv2DTranspose extends BaseConv2D<Conv2DTranspose> {
    private final int filters;
    private int[] outputPadding;   // null: Keras's None
    private final WeightPenalties penalties = new WeightPenalties();
    private Tensor kernel;
    private Tensor bias;
    private int inChannels;

    /** {@code filters} output channels from square {@code kernelSize x kernelSize} kernels. */
    public Conv2DTranspose(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize);
    }

    /** {@code filters} output channels from {@code kernelH x kernelW} kernels. */
    public Conv2DTranspose(int filters, int kernelH, int kernelW) {
        super(kernelH, kernelW);
        if (filters < 1) throw new IllegalArgumentException("Conv2DTranspose needs at least 1 filter, got " + filters);
        this.filters = filters;
    }

    /** Extra rows and columns at the bottom and right of the output, each less than the stride (Keras's default: none). */
    public Conv2DTranspose outputPadding(int h, int w) {
        if (h < 0 || w < 0) throw new IllegalArgumentException("Conv2DTranspose output padding must be at least 0, got " + h + "x" + w);
        this.outputPadding = new int[] {h, w};
        return this;
    }

    /** The same output padding along both axes. */
    public Conv2DTranspose outputPadding(int p) {
        return outputPadding(p, p);
    }

    /** Keras's {@code kernel_regularizer}: a penalty on the kernel added to the loss (null for none). */
    public Conv2DTranspose kernelRegularizer(Regularizer r) {
        penalties.kernel = r;
        return this;
    }

    /** The regularizer by Keras name: {@code "l1"}, {@code "l2"}, {@code "l1_l2"} (factors 0.01). */
    public Conv2DTranspose kernelRegularizer(String name) {
        return kernelRegularizer(Regularizers.get(name));
    }

    /** Keras's {@code bias_regularizer}: a penalty on the bias added to the loss (null for none). */
    public Conv2DTranspose biasRegularizer(Regularizer r) {
        penalties.bias = r;
        return this;
    }

    /** The bias regularizer by Keras name. */
    public Conv2DTranspose biasRegularizer(String name) {
        return biasRegularizer(Regularizers.get(name));
    }

    @Override
    public Tensor regularizationLoss() {
        return penalties.loss(kernel, bias);
    }

    /** Output channels. */
    public int filters() { return filters; }

    /** Keras's {@code deconv_output_length} for one axis. */
    private int outputLength(int in, int span, int stride, int axis) {
        if (outputPadding == null) {
            return padding() == Padding.VALID ? in * stride + Math.max(span - stride, 0) : in * stride;
        }
        int pad = padding() == Padding.VALID ? 0 : span / 2;
        return (in - 1) * stride + span - 2 * pad + outputPadding[axis];
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 3) throw incompatible("expects input of rank 4 (batch, height, width, channels)", input);
        checkStridesAndDilation(input);
        if (outputPadding != null && (outputPadding[0] >= strideH() || outputPadding[1] >= strideW())) {
            throw incompatible("has output padding " + outputPadding[0] + "x" + outputPadding[1] + ", which must be less than the strides "
                    + strideH() + "x" + strideW(), input);
        }
        int h = outputLength(input.dim(0), spanH(), strideH(), 0), w = outputLength(input.dim(1), spanW(), strideW(), 1);
        if (h < 1 || w < 1) throw incompatible("would give an empty output (" + h + "x" + w + ")", input);
        return Shape.of(h, w, filters);
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        inChannels = input.dim(2);
        int area = windowH * windowW;
        // Keras's fans for a (kh, kw, filters, inChannels) kernel: in = area * filters, out = area * inChannels.
        kernel = addParam(weights.create(Shape.of(inChannels, windowH, windowW, filters), kernelInit(), area * filters, area * inChannels));
        if (usesBias()) bias = addParam(weights.create(Shape.of(filters), new Zeros(), area * filters, area * inChannels));
    }

    /** The forward convolution from this layer's output {@code (outH, outW, filters)} to its input {@code (inH, inW, inChannels)}. */
    Conv2dGeometry geometry(int batch, int inH, int inW) {
        int outH = outputLength(inH, spanH(), strideH(), 0), outW = outputLength(inW, spanW(), strideW(), 1);
        int[] ph = pads(inH, outH, spanH(), strideH()), pw = pads(inW, outW, spanW(), strideW());
        return new Conv2dGeometry(batch, outH, outW, filters, inChannels, windowH, windowW, strideH(), strideW(),
                ph[0], pw[0], ph[1], pw[1], dilationH(), dilationW(), 1);
    }

    private int[] pads(int in, int out, int span, int stride) {
        if (padding() == Padding.VALID) return new int[] {0, 0};
        int total = Math.max((in - 1) * stride + span - out, 0);
        return new int[] {total / 2, total - total / 2};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor y = Ops.conv2dTranspose(x, kernel, geometry(x.dim(0), x.dim(1), x.dim(2)));
        if (bias != null) y = Ops.addBias(y, bias);
        return Activations.apply(activationName(), y);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("filters", filters);
        if (outputPadding == null) c.add("output_padding", com.google.gson.JsonNull.INSTANCE);
        else c.add("output_padding", pair(outputPadding[0], outputPadding[1]));
        penalties.writeTo(c);
        return c;
    }

    static Conv2DTranspose fromConfig(ConfigReader c) {
        int[] k = readPair(c, "kernel_size");
        Conv2DTranspose layer = new Conv2DTranspose(c.integer("filters", 1, Integer.MAX_VALUE), k[0], k[1]);
        layer.penalties.readFrom(c);
        if (c.has("output_padding")) {
            int[] p = c.integers("output_padding", 2, 0, Integer.MAX_VALUE);
            layer.outputPadding(p[0], p[1]);
        }
        return layer.restoreConv(c);
    }
}
