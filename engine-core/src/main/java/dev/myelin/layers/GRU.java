package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.GateActivation;
import dev.myelin.backend.RecurrentCell;
import dev.myelin.tensor.SequenceOps;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code GRU} with {@code reset_after=True} (Keras's default, and cuDNN's form): gates
 * {@code z, r = sigmoid(x W + b_in + h U + b_rec)} and candidate
 * {@code h~ = tanh(x W_h + b_in,h + r * (h U_h + b_rec,h))}, columns in the order {@code z, r, h};
 * {@code h_t = z h_{t-1} + (1 - z) h~}. The bias is {@code (2, 3*units)}: the input bias, then the
 * recurrent one. GRU(32) on (10, 8) has 3*32*(8+32)+2*3*32 = 4,032 parameters, as in Keras.
 */
public final class GRU extends RecurrentLayer<GRU> {
    /** A layer whose state has {@code units} values. */
    public GRU(int units) {
        super(RecurrentCell.GRU, units);
    }

    /** The activation of the gates: sigmoid by default. */
    public GRU recurrentActivation(String name) {
        GateActivation.parse(name);
        this.recurrentActivation = name;
        return this;
    }

    /**
     * Keras's {@code reset_after}: only {@code true} (the default) is implemented; the reset gate is
     * applied after the recurrent projection.
     */
    public GRU resetAfter(boolean value) {
        if (!value) {
            throw new UnsupportedOperationException(describe() + ": resetAfter(false) (Keras 1's GRU) is not implemented; "
                    + "Keras's default resetAfter(true) is");
        }
        return this;
    }

    @Override
    Tensor createBias(WeightFactory weights) {
        int p = 3 * units;
        return weights.create(Shape.of(2, p), biasInitializer, p, p);
    }

    @Override
    Tensor inputBias() {
        return bias == null ? null : SequenceOps.slice(bias, 0, 0, 1).reshape(3 * units);
    }

    @Override
    Tensor recurrentBias() {
        return bias == null ? null : SequenceOps.slice(bias, 0, 1, 1).reshape(3 * units);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("reset_after", true);
        return c;
    }

    static GRU fromConfig(JsonObject c) {
        return configure(new GRU(c.get("units").getAsInt()), c);
    }
}
