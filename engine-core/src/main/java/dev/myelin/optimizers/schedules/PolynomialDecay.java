package dev.myelin.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code PolynomialDecay}: {@code (initial - end) (1 - step / decaySteps)^power + end}, holding
 * {@code end} after {@code decaySteps}; with {@code cycle}, the horizon grows to the next multiple of
 * {@code decaySteps} instead. Defaults: end 1e-4, power 1, no cycle.
 */
public final class PolynomialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final double decaySteps;
    private final double endLearningRate;
    private final double power;
    private final boolean cycle;

    /** Linear decay to 1e-4. */
    public PolynomialDecay(double initialLearningRate, double decaySteps) {
        this(initialLearningRate, decaySteps, 1e-4, 1.0, false);
    }

    /** Every argument given. */
    public PolynomialDecay(double initialLearningRate, double decaySteps, double endLearningRate, double power, boolean cycle) {
        this.initialLearningRate = ScheduleArgs.positive("PolynomialDecay", "initial learning rate", initialLearningRate);
        this.decaySteps = ScheduleArgs.positive("PolynomialDecay", "decay steps", decaySteps);
        this.endLearningRate = ScheduleArgs.finite("PolynomialDecay", "end learning rate", endLearningRate);
        this.power = ScheduleArgs.finite("PolynomialDecay", "power", power);
        this.cycle = cycle;
    }

    @Override
    public double at(long step) {
        double s = step, horizon = decaySteps;
        if (cycle) horizon *= step == 0 ? 1 : Math.ceil(s / decaySteps);
        else s = Math.min(s, decaySteps);
        return (initialLearningRate - endLearningRate) * Math.pow(1 - s / horizon, power) + endLearningRate;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("end_learning_rate", endLearningRate);
        c.put("power", power);
        c.put("cycle", cycle);
        return c;
    }
}
