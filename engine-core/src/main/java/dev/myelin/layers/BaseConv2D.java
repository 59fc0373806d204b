package dev.myelin.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Initializers;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * What Keras's convolutions share (its {@code BaseConv}): a kernel slid with strides, padding and a
 * dilation rate, an optional bias, an activation and a kernel initializer. Kernels are stored OHWI
 * (the SPI's layout); Keras stores HWIO, with the same parameter count.
 */
public abstract class BaseConv2D<T extends BaseConv2D<T>> extends SlidingWindow2D<T> {
    private int dilationH = 1;
    private int dilationW = 1;
    private String activation = "linear";
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");

    /** A {@code kernelH x kernelW} kernel with stride 1, "valid" padding and no dilation, Keras's defaults. */
    protected BaseConv2D(int kernelH, int kernelW) {
        super(kernelH, kernelW, 1, 1);
    }

    @SuppressWarnings("unchecked")
    private T self() { return (T) this; }

    /** Spaces the kernel's taps {@code rate} pixels apart (an atrous convolution); Keras's default is 1. */
    public T dilationRate(int rate) {
        return dilationRate(rate, rate);
    }

    /** Dilation rates along height and width. */
    public T dilationRate(int h, int w) {
        if (h < 1 || w < 1) throw new IllegalArgumentException(typeName() + " dilation rate must be at least 1, got " + h + "x" + w);
        if ((long) (windowH - 1) * h + 1 > Integer.MAX_VALUE || (long) (windowW - 1) * w + 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(typeName() + ": a " + windowH + "x" + windowW + " kernel dilated " + h + "x" + w
                    + " would span more than 2147483647 pixels");
        }
        this.dilationH = h;
        this.dilationW = w;
        return self();
    }

    /** The activation applied to the output, by its Keras name ({@code null} or "linear" for none). */
    public T activation(String name) {
        this.activation = Activations.canonical(name);
        return self();
    }

    /** Whether a bias is added (Keras's default: true). */
    public T useBias(boolean value) {
        this.useBias = value;
        return self();
    }

    /** How the kernel is drawn (Keras's default: glorot_uniform). */
    public T kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return self();
    }

    /** How the kernel is drawn, by its Keras name. */
    public T kernelInitializer(String name) {
        return kernelInitializer(Initializers.get(name));
    }

    /** The dilation rate along the height. */
    public int dilationH() { return dilationH; }

    /** The dilation rate along the width. */
    public int dilationW() { return dilationW; }

    /** The activation's canonical name. */
    protected final String activationName() { return activation; }

    /** Whether a bias is added. */
    protected final boolean usesBias() { return useBias; }

    /** The kernel's initializer. */
    protected final Initializer kernelInit() { return kernelInitializer; }

    /** The config entry of the kernel's initializer: Keras calls a depthwise kernel's {@code depthwise_initializer}. */
    protected String kernelInitializerKey() { return "kernel_initializer"; }

    @Override
    protected String windowWord() { return "kernel"; }

    @Override
    protected int spanH() { return (windowH - 1) * dilationH + 1; }

    @Override
    protected int spanW() { return (windowW - 1) * dilationW + 1; }

    /** Keras refuses strides and dilation above 1 together (TensorFlow cannot run them). */
    protected final void checkStridesAndDilation(Shape input) {
        if ((strideH() > 1 || strideW() > 1) && (dilationH > 1 || dilationW > 1)) {
            throw incompatible("has strides " + strideH() + "x" + strideW() + " and dilation rate " + dilationH + "x" + dilationW
                    + "; strides above 1 do not go with a dilation rate above 1 (as in Keras)", input);
        }
    }

    /** The forward geometry for a batch {@code x} of this layer's input, with {@code groups} channel groups. */
    protected final Conv2dGeometry geometry(Tensor x, int outChannels, int groups) {
        return Conv2dGeometry.of(x.dim(0), x.dim(1), x.dim(2), x.dim(3), outChannels, windowH, windowW, strideH(), strideW(),
                padding(), dilationH, dilationW, groups);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add("dilation_rate", pair(dilationH, dilationW));
        c.addProperty("activation", activation);
        c.addProperty("use_bias", useBias);
        c.addProperty(kernelInitializerKey(), kernelInitializer.name());
        return c;
    }

    /** Restores strides, padding, name and the fields above from a saved config (a missing dilation rate is 1). */
    final T restoreConv(ConfigReader c) {
        restoreWindow(c);
        if (c.has("dilation_rate")) {
            int[] d = c.integers("dilation_rate", 2, 1, Integer.MAX_VALUE);
            dilationRate(d[0], d[1]);
        }
        activation(c.parsed("activation", Activations::canonical));
        useBias(c.bool("use_bias"));
        String key = c.has(kernelInitializerKey()) ? kernelInitializerKey() : "kernel_initializer";
        return kernelInitializer(c.parsed(key, Initializers::get));
    }
}
