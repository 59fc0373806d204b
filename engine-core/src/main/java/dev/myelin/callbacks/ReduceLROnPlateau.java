package dev.myelin.callbacks;

import java.util.Map;

/**
 * Keras's {@code ReduceLROnPlateau}: multiplies the learning rate by {@code factor} when the
 * monitored quantity has not improved by more than {@code minDelta} for {@code patience} epochs,
 * then waits {@code cooldown} epochs, never going below {@code minLr}. Defaults as Keras: monitor
 * {@code val_loss}, factor 0.1, patience 10, mode {@code "auto"}, minDelta 1e-4, cooldown 0, minLr 0.
 * Each epoch's logs get the rate in use as {@code learning_rate}.
 */
public final class ReduceLROnPlateau extends Callback {

    /** A ReduceLROnPlateau with Keras's defaults. */
    public ReduceLROnPlateau() {}
    private String monitor = "val_loss";
    private double factor = 0.1;
    private int patience = 10;
    private int verbose;
    private String mode = "auto";
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;

    private boolean minimize;
    private double best;
    private int wait;
    private int cooldownCounter;

    /** The quantity to watch. */
    public ReduceLROnPlateau monitor(String name) {
        this.monitor = name;
        return this;
    }

    /** The factor the rate is multiplied by; below 1. */
    public ReduceLROnPlateau factor(double value) {
        if (!(value < 1.0) || !(value >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0 (or negative); got " + value);
        this.factor = value;
        return this;
    }

    /** Epochs without improvement before the rate is reduced. */
    public ReduceLROnPlateau patience(int epochs) {
        this.patience = epochs;
        return this;
    }

    /** 1 prints each reduction. */
    public ReduceLROnPlateau verbose(int level) {
        this.verbose = level;
        return this;
    }

    /** {@code "auto"} (min unless the name holds "acc", as Keras decides here), {@code "min"} or {@code "max"}. */
    public ReduceLROnPlateau mode(String value) {
        if (!value.equals("auto") && !value.equals("min") && !value.equals("max")) {
            throw new IllegalArgumentException("ReduceLROnPlateau: mode must be \"auto\", \"min\" or \"max\", got \"" + value + "\"");
        }
        this.mode = value;
        return this;
    }

    /** The least change that counts as an improvement. */
    public ReduceLROnPlateau minDelta(double value) {
        this.minDelta = value;
        return this;
    }

    /** Epochs to wait after a reduction before counting again. */
    public ReduceLROnPlateau cooldown(int epochs) {
        this.cooldown = epochs;
        return this;
    }

    /** The lowest rate it reduces to. */
    public ReduceLROnPlateau minLr(double value) {
        this.minLr = value;
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        minimize = mode.equals("min") || (mode.equals("auto") && !monitor.contains("acc"));
        best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        cooldownCounter = 0;
        wait = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double rate = model().optimizer().learningRate();
        logs.put("learning_rate", rate);
        Double current = logs.get(monitor);
        if (current == null) {
            System.err.println("warning: learning rate reduction is conditioned on metric '" + monitor
                    + "', which is not available; available: " + String.join(", ", logs.keySet()));
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (minimize ? current < best - minDelta : current > best + minDelta) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            if (++wait >= patience) {
                if (rate > (float) minLr) {
                    double next = Math.max(rate * factor, minLr);
                    model().optimizer().setLearningRate(next);
                    if (verbose > 0) System.out.println("\nEpoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to " + next + ".");
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }
}
