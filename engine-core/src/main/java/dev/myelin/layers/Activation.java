package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Keras's {@code Activation}: applies an activation by name; see {@link Activations}. */
public final class Activation extends Layer {
    private final String activation;

    /** Applies the activation Keras calls {@code name} ({@code "relu"}, {@code "softmax"}, ...). */
    public Activation(String name) {
        this.activation = Activations.canonical(name);
    }

    /** The activation's Keras name. */
    public String activation() { return activation; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (activation.equals("softmax") && input.rank() < 1) throw incompatible("(softmax) expects input of rank 2 or more", input);
        return input;
    }

    /** Keras's {@code supports_masking}: a mask passes through unchanged. */
    @Override
    public boolean supportsMasking() { return true; }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Activations.apply(activation, x);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("activation", activation);
        return c;
    }

    static Activation fromConfig(ConfigReader c) {
        Activation a = new Activation(c.parsed("activation", Activations::canonical));
        a.named(c.name());
        return a;
    }
}
