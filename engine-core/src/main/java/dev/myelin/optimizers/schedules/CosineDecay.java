package dev.myelin.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code CosineDecay} (Loshchilov and Hutter's SGDR without restarts), with optional linear
 * warm-up: from {@code initial} to {@code warmupTarget} over {@code warmupSteps}, then
 * {@code from * ((1 - alpha) * 0.5 (1 + cos(pi * t / decaySteps)) + alpha)} with {@code from} the
 * warm-up target (or the initial rate without warm-up) and {@code t} capped at {@code decaySteps}.
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final double decaySteps;
    private final double alpha;
    private final Double warmupTarget;
    private final double warmupSteps;

    /** Decay to 0 over {@code decaySteps}, no warm-up. */
    public CosineDecay(double initialLearningRate, double decaySteps) {
        this(initialLearningRate, decaySteps, 0.0);
    }

    /** Decay to {@code alpha * initial} over {@code decaySteps}, no warm-up. */
    public CosineDecay(double initialLearningRate, double decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, null, 0);
    }

    /** Linear warm-up from {@code initial} to {@code warmupTarget} over {@code warmupSteps}, then cosine decay. */
    public CosineDecay(double initialLearningRate, double decaySteps, double alpha, Double warmupTarget, double warmupSteps) {
        this.initialLearningRate = ScheduleArgs.finite("CosineDecay", "initial learning rate", initialLearningRate);
        this.decaySteps = ScheduleArgs.positive("CosineDecay", "decay steps", decaySteps);
        this.alpha = ScheduleArgs.finite("CosineDecay", "alpha", alpha);
        if (warmupTarget != null) ScheduleArgs.positive("CosineDecay", "warm-up target", warmupTarget);
        if (!(warmupSteps >= 0)) throw new IllegalArgumentException("CosineDecay: warm-up steps must be at least 0, got " + warmupSteps);
        this.warmupTarget = warmupTarget;
        this.warmupSteps = warmupSteps;
    }

    @Override
    public double at(long step) {
        if (warmupTarget == null) return decay(Math.min(step, decaySteps), initialLearningRate);
        double s = Math.min(step, decaySteps + warmupSteps);
        if (s < warmupSteps) return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
        return decay(s - warmupSteps, warmupTarget);
    }

    private double decay(double s, double from) {
        double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        c.put("warmup_target", warmupTarget);
        c.put("warmup_steps", warmupSteps);
        return c;
    }
}
