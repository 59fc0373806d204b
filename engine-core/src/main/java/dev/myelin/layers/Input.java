package dev.myelin.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * A model's input (Keras's {@code InputLayer}): declares the shape of one sample. In the functional
 * API, {@code Input.of(32, 32, 3)} gives the {@link SymbolicTensor} to apply layers to (Keras's
 * {@code keras.Input}); as the first layer of a {@code Sequential}, {@code new Input(28, 28, 1)} lets
 * the model build (and check every layer's shapes) as soon as it is assembled. A Sequential's summary
 * leaves it out, as Keras does; a functional model's lists it.
 */
public final class Input extends Layer {
    private final Shape shape;
    private final LayerNode node;

    /** The symbolic input for samples of {@code shape}, e.g. {@code Input.of(28, 28, 1)} or {@code Input.of(50)}. */
    public static SymbolicTensor of(int... shape) {
        return new Input(shape).output();
    }

    /** A named symbolic input (the name keys it in {@code fit} and saved files), e.g. {@code Input.of("image", 32, 32, 3)}. */
    public static SymbolicTensor of(String name, int... shape) {
        Input in = new Input(shape);
        in.named(name);
        return in.output();
    }

    /** An input layer for samples of {@code shape}. */
    public Input(int... shape) {
        super("input_layer");
        if (shape.length == 0) throw new IllegalArgumentException("Input needs a sample shape, e.g. new Input(28, 28, 1)");
        for (int d : shape) {
            if (d < 1) throw new IllegalArgumentException("Input shape " + java.util.Arrays.toString(shape) + " has a dimension below 1");
        }
        this.shape = Shape.of(shape);
        this.node = addInputNode(this.shape);
    }

    /** The symbolic tensor this input feeds into a graph. */
    public SymbolicTensor output() { return node.outputs().get(0); }

    /** Keras's class name for it: {@code InputLayer}. */
    @Override
    public String typeName() { return "InputLayer"; }

    /** The declared sample shape. */
    public Shape shape() { return shape; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (!input.equals(shape)) throw incompatible("expects samples of shape " + shape, input);
        return shape;
    }

    /** The identity: a model feeds its inputs in directly. */
    @Override
    public Tensor call(Tensor x, boolean training) {
        return x;
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        JsonArray a = new JsonArray();
        for (int d : shape.toArray()) a.add(d);
        c.add("shape", a);
        return c;
    }

    static Input fromConfig(ConfigReader c) {
        Input in = new Input(c.shape("shape"));
        in.named(c.name());
        return in;
    }
}
