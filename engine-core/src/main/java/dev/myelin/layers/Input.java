package dev.myelin.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Declares the shape of one sample, e.g. {@code new Input(28, 28, 1)}, so a model builds (and
 * checks every layer's shapes) as soon as it is assembled. Not a computing layer: Keras leaves it
 * out of {@code summary()}.
 */
public final class Input extends Layer {
    private final Shape shape;

    public Input(int... shape) {
        super("input_layer");
        if (shape.length == 0) throw new IllegalArgumentException("Input needs a sample shape, e.g. new Input(28, 28, 1)");
        for (int d : shape) {
            if (d < 1) throw new IllegalArgumentException("Input shape " + java.util.Arrays.toString(shape) + " has a dimension below 1");
        }
        this.shape = Shape.of(shape);
    }

    /** The declared sample shape. */
    public Shape shape() { return shape; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (!input.equals(shape)) throw incompatible("expects samples of shape " + shape, input);
        return shape;
    }

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
