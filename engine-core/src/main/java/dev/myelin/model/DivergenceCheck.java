package dev.myelin.model;

import dev.myelin.backend.Backend;
import dev.myelin.tensor.Tensor;

import java.util.List;

/**
 * Fit's watch for divergence, kept cheap: every {@code every} batches (and at an epoch's end) the
 * training loop reads its running loss sum back, one host read; while it is finite, the weights are
 * copied on the device ({@link WeightSnapshot}). When it is not, the loop puts the copy back and
 * replays the batches since, looking at every layer's output and gradient, to name the batch and
 * the layer where the values first went non-finite; the model keeps the last finite weights.
 */
final class DivergenceCheck implements AutoCloseable {
    private final int every;
    private final WeightSnapshot snapshot;
    private int epoch;

    DivergenceCheck(Backend backend, List<Tensor> weights, int every) {
        this.every = every;
        this.snapshot = new WeightSnapshot(backend, weights);
    }

    /** At the start of epoch {@code epoch} (from 1): the weights are finite here (checked at the last epoch's end). */
    void startEpoch(int epoch) {
        this.epoch = epoch;
        snapshot.take(0);
    }

    /** Whether the loss should be read after batch {@code index} (from 0) of {@code count}. */
    boolean due(int index, int count) {
        return (index + 1) % every == 0 || index == count - 1;
    }

    /** The loss summed over batches {@code 0 .. index} was finite: the weights now are healthy. */
    void passed(int index) {
        snapshot.take(index + 1);
    }

    /** The first batch (from 0) the weights of the snapshot have not yet seen: where a replay starts. */
    int replayFrom() {
        return snapshot.batch();
    }

    /** Puts back the weights of the last healthy check. */
    void restore() {
        snapshot.restore();
    }

    /**
     * The error for divergence first seen in batch {@code index} (from 0) of {@code count}; {@code what}
     * names the first non-finite value ("the output of Dense 'dense_1' (NaN at index 3)").
     */
    DivergenceException error(int index, int count, String what, float learningRate) {
        return new DivergenceException(epoch, index + 1, "training diverged in epoch " + epoch + ", batch " + (index + 1) + " of "
                + count + ": " + what + ". The model keeps its weights from before batch " + (replayFrom() + 1)
                + ". A smaller learning rate (now " + learningRate + ") usually helps; FitOptions.stopOnDivergence(false)"
                + " trains on regardless");
    }

    @Override
    public void close() {
        snapshot.close();
    }
}
