package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;

/**
 * Keras's {@code AdamW} (Loshchilov and Hutter, 2019): {@link Adam} with decoupled weight decay
 * {@code p -= p * weightDecay * lr} before each step; defaults as Adam's, weight decay 0.004.
 */
public final class AdamW extends Adam {

    /** Keras's defaults: learning rate 0.001, weight decay 0.004. */
    public AdamW() {
        this(0.001);
    }

    /** AdamW with the given learning rate and weight decay 0.004. */
    public AdamW(double learningRate) {
        this(learningRate, 0.004);
    }

    /** AdamW with the given learning rate and weight decay. */
    public AdamW(double learningRate, double weightDecay) {
        super(learningRate);
        weightDecay(weightDecay);
    }

    /** AdamW following a learning rate schedule, weight decay 0.004. */
    public AdamW(LearningRateSchedule schedule) {
        super(schedule);
        weightDecay(0.004);
    }

    @Override
    public String name() { return "adamw"; }
}
