package dev.myelin.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code InverseTimeDecay}: {@code initial / (1 + rate * step / decaySteps)}, the ratio floored
 * when {@code staircase}.
 */
public final class InverseTimeDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final double decaySteps;
    private final double decayRate;
    private final boolean staircase;

    /** Smooth decay. */
    public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    /** Decay in steps of {@code decaySteps} when {@code staircase}. */
    public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase) {
        this.initialLearningRate = ScheduleArgs.positive("InverseTimeDecay", "initial learning rate", initialLearningRate);
        this.decaySteps = ScheduleArgs.positive("InverseTimeDecay", "decay steps", decaySteps);
        this.decayRate = ScheduleArgs.finite("InverseTimeDecay", "decay rate", decayRate);
        this.staircase = staircase;
    }

    @Override
    public double at(long step) {
        double p = step / decaySteps;
        if (staircase) p = Math.floor(p);
        return initialLearningRate / (1 + decayRate * p);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        return c;
    }
}
