package dev.myelin.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code ExponentialDecay}: {@code initial * rate^(step / decaySteps)}, the exponent floored
 * when {@code staircase}.
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final double decaySteps;
    private final double decayRate;
    private final boolean staircase;

    /** Smooth decay. */
    public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    /** Decay in steps of {@code decaySteps} when {@code staircase}. */
    public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase) {
        this.initialLearningRate = ScheduleArgs.positive("ExponentialDecay", "initial learning rate", initialLearningRate);
        this.decaySteps = ScheduleArgs.positive("ExponentialDecay", "decay steps", decaySteps);
        this.decayRate = ScheduleArgs.positive("ExponentialDecay", "decay rate", decayRate);
        this.staircase = staircase;
    }

    @Override
    public double at(long step) {
        double p = step / decaySteps;
        if (staircase) p = Math.floor(p);
        return initialLearningRate * Math.pow(decayRate, p);
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
