package dev.myelin.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code CosineDecayRestarts} (SGDR, Loshchilov and Hutter 2017): cosine decay over
 * {@code firstDecaySteps}, then restarts, each period {@code tMul} times longer and each peak
 * {@code mMul} times the last; decays to {@code alpha * initial}. Defaults tMul 2, mMul 1, alpha 0.
 */
public final class CosineDecayRestarts implements LearningRateSchedule {
    private final double initialLearningRate;
    private final double firstDecaySteps;
    private final double tMul;
    private final double mMul;
    private final double alpha;

    /** Keras's defaults: periods doubling, peaks equal, decay to 0. */
    public CosineDecayRestarts(double initialLearningRate, double firstDecaySteps) {
        this(initialLearningRate, firstDecaySteps, 2.0, 1.0, 0.0);
    }

    /** Every argument given. */
    public CosineDecayRestarts(double initialLearningRate, double firstDecaySteps, double tMul, double mMul, double alpha) {
        this.initialLearningRate = ScheduleArgs.positive("CosineDecayRestarts", "initial learning rate", initialLearningRate);
        this.firstDecaySteps = ScheduleArgs.positive("CosineDecayRestarts", "first decay steps", firstDecaySteps);
        this.tMul = ScheduleArgs.positive("CosineDecayRestarts", "t_mul", tMul);
        this.mMul = ScheduleArgs.finite("CosineDecayRestarts", "m_mul", mMul);
        this.alpha = ScheduleArgs.finite("CosineDecayRestarts", "alpha", alpha);
    }

    @Override
    public double at(long step) {
        double fraction = step / firstDecaySteps, restart;
        if (tMul == 1.0) {
            restart = Math.floor(fraction);
            fraction -= restart;
        } else { // periods grow geometrically: find the restart whose span holds this step
            restart = Math.floor(Math.log(1 - fraction * (1 - tMul)) / Math.log(tMul));
            double before = (1 - Math.pow(tMul, restart)) / (1 - tMul);
            fraction = (fraction - before) / Math.pow(tMul, restart);
        }
        double cosine = 0.5 * Math.pow(mMul, restart) * (1 + Math.cos(Math.PI * fraction));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public String className() { return "CosineDecayRestarts"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("first_decay_steps", firstDecaySteps);
        c.put("t_mul", tMul);
        c.put("m_mul", mMul);
        c.put("alpha", alpha);
        return c;
    }
}
