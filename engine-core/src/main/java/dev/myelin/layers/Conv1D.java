package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Initializers;
import dev.myelin.initializers.Zeros;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.regularizers.Regularizers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.SequenceOps;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Locale;

/**
 * Keras's {@code Conv1D}: inputs {@code (None, steps, channels)}, kernel {@code (kernelSize,
 * channels, filters)} (Keras's layout, Glorot uniform), bias {@code (filters)}; {@code strides},
 * {@code dilationRate}, and padding {@code valid}, {@code same} (extra zero at the end, as
 * TensorFlow) or {@code causal} (all {@code dilation*(kernel-1)} zeros at the start, so step t sees
 * no later step). Computed as a row gather of every window (im2col, zero rows for the padding)
 * and one matmul, so it runs on every backend's gather and matmul.
 */
public final class Conv1D extends Layer {
    private final int filters;
    private final int kernelSize;
    private int strides = 1;
    private int dilationRate = 1;
    private String padding = "valid";
    private String activation = "linear";
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Tensor kernel;
    private Tensor bias;
    private final WeightPenalties penalties = new WeightPenalties();
    private WindowIndex windows;

    /** {@code filters} outputs per step from windows of {@code kernelSize} steps. */
    public Conv1D(int filters, int kernelSize) {
        if (filters < 1 || kernelSize < 1) {
            throw new IllegalArgumentException("Conv1D needs filters and kernelSize of at least 1, got " + filters + " and " + kernelSize);
        }
        this.filters = filters;
        this.kernelSize = kernelSize;
    }

    /** The step between windows. */
    public Conv1D strides(int value) {
        if (value < 1) throw new IllegalArgumentException("Conv1D strides must be at least 1, got " + value);
        this.strides = value;
        return this;
    }

    /** The gap between the taps of a window (1: adjacent steps). */
    public Conv1D dilationRate(int value) {
        if (value < 1) throw new IllegalArgumentException("Conv1D dilationRate must be at least 1, got " + value);
        if ((long) value * (kernelSize - 1) + 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Conv1D: a kernel of " + kernelSize + " dilated " + value + " would span more than 2147483647 steps");
        }
        this.dilationRate = value;
        return this;
    }

    /** {@code valid}, {@code same} or {@code causal}. */
    public Conv1D padding(String value) {
        String p = value.toLowerCase(Locale.ROOT);
        if (!p.equals("valid") && !p.equals("same") && !p.equals("causal")) {
            throw new IllegalArgumentException("Conv1D padding must be \"valid\", \"same\" or \"causal\", not \"" + value + "\"");
        }
        this.padding = p;
        return this;
    }

    /** The activation applied to the output (Keras name). */
    public Conv1D activation(String name) {
        this.activation = Activations.canonical(name);
        return this;
    }

    /** Whether the layer has a bias. */
    public Conv1D useBias(boolean value) {
        this.useBias = value;
        return this;
    }

    /** Keras's {@code kernel_regularizer}: a penalty on the kernel added to the loss (null for none). */
    public Conv1D kernelRegularizer(Regularizer r) {
        penalties.kernel = r;
        return this;
    }

    /** The kernel regularizer by Keras name: {@code "l1"}, {@code "l2"}, {@code "l1_l2"} (factors 0.01). */
    public Conv1D kernelRegularizer(String name) {
        return kernelRegularizer(Regularizers.get(name));
    }

    /** Keras's {@code bias_regularizer}: a penalty on the bias added to the loss (null for none). */
    public Conv1D biasRegularizer(Regularizer r) {
        penalties.bias = r;
        return this;
    }

    /** The bias regularizer by Keras name. */
    public Conv1D biasRegularizer(String name) {
        return biasRegularizer(Regularizers.get(name));
    }

    @Override
    public Tensor regularizationLoss() {
        return penalties.loss(kernel, bias);
    }

    /** The kernel's initializer (Keras name). */
    public Conv1D kernelInitializer(String name) {
        this.kernelInitializer = Initializers.get(name);
        return this;
    }

    private int span() { return dilationRate * (kernelSize - 1) + 1; }

    private int outputLength(int steps) {
        return switch (padding) {
            case "valid" -> steps >= span() ? (steps - span()) / strides + 1 : 0;
            case "same" -> (steps + strides - 1) / strides;
            default -> (steps - 1) / strides + 1;
        };
    }

    private int padBefore(int steps) {
        return switch (padding) {
            case "valid" -> 0;
            case "same" -> Math.max((outputLength(steps) - 1) * strides + span() - steps, 0) / 2;
            default -> span() - 1;
        };
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 2) throw incompatible("expects sequences of shape (batch, steps, channels)", input);
        if (outputLength(input.dim(0)) < 1) {
            throw incompatible("with kernel " + kernelSize + " and dilation " + dilationRate + " needs at least " + span() + " steps", input);
        }
        return Shape.of(outputLength(input.dim(0)), filters);
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        int channels = input.dim(1);
        kernel = addParam(weights.create(Shape.of(kernelSize, channels, filters), kernelInitializer, kernelSize * channels,
                kernelSize * filters));
        if (useBias) bias = addParam(weights.create(Shape.of(filters), new Zeros(), kernelSize * channels, kernelSize * filters));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int n = x.dim(0), steps = x.dim(1), channels = x.dim(2), out = outputLength(steps), before = padBefore(steps);
        if (windows == null) {
            windows = new WindowIndex((o, j) -> {
                int at = o * strides + j * dilationRate - before;
                return at >= 0 && at < steps ? at : -1;
            }, out, kernelSize);
        }
        Tensor patches = SequenceOps.gather(x, windows.get(x.backend()));
        Tensor rows = patches.reshape(n * out, kernelSize * channels);
        Tensor y = Ops.dense(rows, kernel.reshape(kernelSize * channels, filters), bias);
        return Activations.apply(activation, y.reshape(n, out, filters));
    }

    @Override
    public void release() {
        super.release();
        if (windows != null) windows.close();
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("filters", filters);
        c.addProperty("kernel_size", kernelSize);
        c.addProperty("strides", strides);
        c.addProperty("padding", padding);
        c.addProperty("dilation_rate", dilationRate);
        c.addProperty("activation", activation);
        c.addProperty("use_bias", useBias);
        c.addProperty("kernel_initializer", kernelInitializer.name());
        penalties.writeTo(c);
        return c;
    }

    static Conv1D fromConfig(ConfigReader c) {
        Conv1D l = new Conv1D(c.integer("filters", 1, Integer.MAX_VALUE), c.integer("kernel_size", 1, Integer.MAX_VALUE))
                .strides(c.integer("strides", 1, Integer.MAX_VALUE))
                .dilationRate(c.integer("dilation_rate", 1, Integer.MAX_VALUE))
                .useBias(c.bool("use_bias"));
        c.parsed("padding", l::padding);
        c.parsed("activation", l::activation);
        c.parsed("kernel_initializer", l::kernelInitializer);
        l.penalties.readFrom(c);
        l.named(c.name());
        return l;
    }
}
