package dev.myelin.backend;

/**
 * The recurrent cells a backend runs as one fused op over a whole sequence, with the number of
 * gates each projects its input and state to, in Keras's order: SimpleRNN one, LSTM four
 * ({@code i, f, c, o}), GRU three ({@code z, r, h}, with the reset gate applied after the recurrent
 * projection: Keras's {@code reset_after=True}).
 */
public enum RecurrentCell {
    /** {@code h = act(x W + b + h U)}. */
    SIMPLE_RNN(1),
    /** Hochreiter and Schmidhuber's cell with a forget gate, as Keras computes it. */
    LSTM(4),
    /** Cho et al.'s gated recurrent unit, Keras's {@code reset_after=True} form (cuDNN's). */
    GRU(3);

    private final int gates;

    RecurrentCell(int gates) {
        this.gates = gates;
    }

    /** How many blocks of {@code units} the input and recurrent projections have. */
    public int gates() {
        return gates;
    }
}
