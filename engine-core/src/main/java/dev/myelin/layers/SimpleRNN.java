package dev.myelin.layers;

import dev.myelin.backend.RecurrentCell;

/**
 * Keras's {@code SimpleRNN}: {@code h_t = tanh(x_t W + b + h_{t-1} U)}, the output being {@code h}.
 * SimpleRNN(32) on (10, 8) has 32*(8+32)+32 = 1,312 parameters, as in Keras.
 */
public final class SimpleRNN extends RecurrentLayer<SimpleRNN> {
    /** A layer whose state has {@code units} values. */
    public SimpleRNN(int units) {
        super(RecurrentCell.SIMPLE_RNN, units);
    }

    static SimpleRNN fromConfig(ConfigReader c) {
        return configure(new SimpleRNN(units(c)), c);
    }
}
