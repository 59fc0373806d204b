package dev.myelin.callbacks;

import java.util.Map;

/**
 * Keras's {@code LearningRateScheduler}: before each epoch, sets the optimizer's learning rate to
 * {@code schedule(epoch, currentRate)} (epochs from 0), and logs it as {@code learning_rate}.
 *
 * <pre>{@code
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1))
 * }</pre>
 */
public final class LearningRateScheduler extends Callback {

    /** The rate for an epoch, given the rate in use. */
    @FunctionalInterface
    public interface Schedule {
        /** The learning rate for {@code epoch} (0-based), given the current one. */
        double learningRate(int epoch, double current);
    }

    private final Schedule schedule;
    private final int verbose;

    /** Sets the rate from {@code schedule} before each epoch. */
    public LearningRateScheduler(Schedule schedule) {
        this(schedule, 0);
    }

    /** As {@link #LearningRateScheduler(Schedule)}; verbose 1 prints each epoch's rate. */
    public LearningRateScheduler(Schedule schedule, int verbose) {
        if (schedule == null) throw new IllegalArgumentException("LearningRateScheduler needs a schedule");
        this.schedule = schedule;
        this.verbose = verbose;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        double rate = schedule.learningRate(epoch, model().optimizer().learningRate());
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule gave " + rate + " for epoch " + epoch
                    + "; a learning rate must be a positive number");
        }
        model().optimizer().setLearningRate(rate);
        if (verbose > 0) System.out.println("\nEpoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to " + rate + ".");
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", (double) model().optimizer().learningRate());
    }
}
