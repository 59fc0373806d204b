package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.GateActivation;
import dev.myelin.backend.RecurrentCell;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code LSTM}: gates {@code i, f, o = sigmoid(x W + b + h U)} and candidate
 * {@code c~ = tanh(...)}, in that column order {@code i, f, c~, o} of the kernel
 * {@code (F, 4*units)}, recurrent kernel and bias; {@code c_t = f c_{t-1} + i c~},
 * {@code h_t = o tanh(c_t)}. With {@code unitForgetBias} (the default) the forget gate's bias
 * starts at 1. LSTM(32) on (10, 8) has 4*32*(8+32)+4*32 = 5,248 parameters, as in Keras.
 */
public final class LSTM extends RecurrentLayer<LSTM> {
    private boolean unitForgetBias = true;

    /** A layer whose states {@code h} and {@code c} have {@code units} values each. */
    public LSTM(int units) {
        super(RecurrentCell.LSTM, units);
    }

    /** The activation of the gates: sigmoid by default. */
    public LSTM recurrentActivation(String name) {
        GateActivation.parse(name);
        this.recurrentActivation = name;
        return this;
    }

    /** Whether the forget gate's bias starts at 1 (Jozefowicz et al., 2015), as Keras does by default. */
    public LSTM unitForgetBias(boolean value) {
        this.unitForgetBias = value;
        return this;
    }

    @Override
    Tensor createBias(WeightFactory weights) {
        Tensor b = super.createBias(weights);
        if (!unitForgetBias) return b;
        float[] values = b.toArray();
        java.util.Arrays.fill(values, units, 2 * units, 1f);
        try (Tensor ones = b.backend().fromArray(Shape.of(values.length), values, 0)) {
            b.backend().copyInto(ones, b);
        }
        return b;
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("unit_forget_bias", unitForgetBias);
        return c;
    }

    static LSTM fromConfig(ConfigReader c) {
        return configure(new LSTM(units(c)), c).unitForgetBias(c.bool("unit_forget_bias", true));
    }
}
