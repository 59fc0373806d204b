package dev.myelin.model;

/**
 * Training diverged: the loss went non-finite (NaN or infinite). The message names the epoch, the
 * batch, and the first layer whose output or gradient went non-finite when that could be found; fit
 * stops with it unless {@link FitOptions#stopOnDivergence(boolean)} turned the check off.
 */
public class DivergenceException extends ArithmeticException {
    private final int epoch;
    private final int batch;

    /** Divergence first seen in batch {@code batch} (from 1) of epoch {@code epoch} (from 1). */
    public DivergenceException(int epoch, int batch, String message) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The epoch, counted from 1. */
    public int epoch() { return epoch; }

    /** The batch within the epoch, counted from 1. */
    public int batch() { return batch; }
}
