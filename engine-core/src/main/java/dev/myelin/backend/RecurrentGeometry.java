package dev.myelin.backend;

/**
 * Everything a backend needs to run a recurrent layer over a whole sequence in one op, and the
 * layout of the workspace that op returns.
 *
 * <p>The workspace is {@code (batch, steps, width())}, step {@code s} being the {@code s}-th step
 * processed (time {@code steps - 1 - s} when {@code reverse}, Keras's {@code go_backwards}). Each
 * row holds the state after the step: {@code h} at {@link #hOffset()}, then for LSTM {@code c}
 * at {@link #cOffset()}; then what the backward needs: the activated gates at
 * {@link #gatesOffset()} (LSTM {@code i, f, c~, o}; GRU {@code z, r, h~}; none for SimpleRNN,
 * whose activation is {@code h}), and for GRU the recurrent projection of the candidate
 * ({@code h U_h + b_h}) at {@link #recurrentCandidateOffset()}. A step that the mask skips carries
 * {@code h} and {@code c} over unchanged, as Keras does.
 */
public record RecurrentGeometry(RecurrentCell cell, int batch, int steps, int units, GateActivation activation,
                                GateActivation recurrentActivation, boolean reverse) {

    /** Checks the sizes. */
    public RecurrentGeometry {
        if (batch < 1 || steps < 1 || units < 1) {
            throw new IllegalArgumentException("invalid recurrent geometry: batch " + batch + ", steps " + steps + ", units " + units);
        }
    }

    /** The width of the projections: {@code gates * units}. */
    public int projection() { return cell.gates() * units; }

    /** Where {@code h} starts in a workspace row. */
    public int hOffset() { return 0; }

    /** Where LSTM's {@code c} starts in a workspace row (-1 for other cells). */
    public int cOffset() { return cell == RecurrentCell.LSTM ? units : -1; }

    /** Where the activated gates start in a workspace row. */
    public int gatesOffset() { return cell == RecurrentCell.LSTM ? 2 * units : units; }

    /** Where GRU's recurrent candidate projection starts in a workspace row (-1 for other cells). */
    public int recurrentCandidateOffset() { return cell == RecurrentCell.GRU ? 4 * units : -1; }

    /** Floats per workspace row. */
    public int width() {
        return switch (cell) {
            case SIMPLE_RNN -> units;
            case LSTM -> 6 * units;
            case GRU -> 5 * units;
        };
    }

    /** The time index step {@code s} reads. */
    public int timeOf(int s) { return reverse ? steps - 1 - s : s; }

    /** Whether the cell carries a second state {@code c} (LSTM). */
    public boolean hasCellState() { return cell == RecurrentCell.LSTM; }
}
