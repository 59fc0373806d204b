package dev.myelin.callbacks;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code EarlyStopping}: stops training when the monitored quantity has stopped improving
 * for {@code patience} epochs. Defaults as Keras: monitor {@code val_loss}, minDelta 0, patience 0,
 * mode {@code "auto"}, no baseline, restoreBestWeights false, startFromEpoch 0.
 *
 * <pre>{@code
 * new EarlyStopping().monitor("val_loss").patience(5).restoreBestWeights(true)
 * }</pre>
 *
 * With {@code restoreBestWeights}, the weights of the best epoch are put back when training ends,
 * whether or not it stopped early (Keras 3).
 */
public final class EarlyStopping extends Callback {

    /** An EarlyStopping with Keras's defaults; set what differs with the methods below. */
    public EarlyStopping() {}
    private String monitor = "val_loss";
    private double minDelta;
    private int patience;
    private int verbose;
    private String mode = "auto";
    private Double baseline;
    private boolean restoreBestWeights;
    private int startFromEpoch;

    private Monitor watched;
    private int wait;
    private int stoppedEpoch;
    private double best;
    private int bestEpoch;
    private List<float[]> bestWeights;

    /** The quantity to watch, e.g. {@code "val_loss"} or {@code "val_accuracy"}. */
    public EarlyStopping monitor(String name) {
        this.monitor = name;
        return this;
    }

    /** A change smaller than this (in absolute value) is no improvement. */
    public EarlyStopping minDelta(double value) {
        this.minDelta = Math.abs(value);
        return this;
    }

    /** Epochs without improvement after which training stops. */
    public EarlyStopping patience(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("EarlyStopping: patience must be at least 0, got " + epochs);
        this.patience = epochs;
        return this;
    }

    /** 1 prints when training stops and when weights are restored. */
    public EarlyStopping verbose(int level) {
        this.verbose = level;
        return this;
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public EarlyStopping mode(String value) {
        new Monitor("EarlyStopping", "loss", value); // validates
        this.mode = value;
        return this;
    }

    /** A value the quantity must beat: until it does, the patience count keeps running. */
    public EarlyStopping baseline(double value) {
        this.baseline = value;
        return this;
    }

    /** Put back the weights of the best epoch when training ends. */
    public EarlyStopping restoreBestWeights(boolean value) {
        this.restoreBestWeights = value;
        return this;
    }

    /** Epochs to wait before watching at all (a warm-up). */
    public EarlyStopping startFromEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("EarlyStopping: startFromEpoch must be at least 0, got " + epoch);
        this.startFromEpoch = epoch;
        return this;
    }

    /** The epoch (0-based) training stopped at, or 0 when it ran to the end. */
    public int stoppedEpoch() { return stoppedEpoch; }

    /** The best epoch seen (0-based). */
    public int bestEpoch() { return bestEpoch; }

    /** The best value seen. */
    public double best() { return best; }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        watched = new Monitor("EarlyStopping", monitor, mode);
        wait = 0;
        stoppedEpoch = 0;
        bestWeights = null;
        bestEpoch = 0;
        best = watched.worst();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (watched == null) onTrainBegin(Map.of());
        Double current = watched.value("EarlyStopping", logs);
        if (current == null || epoch < startFromEpoch) return;
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = model().getWeights();
            bestEpoch = epoch;
        }
        wait++;
        if (watched.improves(current, best, minDelta)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) bestWeights = model().getWeights();
            // The wait restarts only when both the previous best and the baseline are beaten.
            if (baseline == null || watched.improves(current, baseline, minDelta)) wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model().stopTraining(true);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0 && verbose > 0) System.out.println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        if (restoreBestWeights && bestWeights != null) {
            if (verbose > 0) System.out.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            model().setWeights(bestWeights);
        }
    }
}
