package dev.myelin.optimizers.schedules;

import java.util.Map;

/**
 * A learning rate that changes per optimizer step, as Keras's
 * {@code keras.optimizers.schedules.LearningRateSchedule}: the optimizer asks for the rate at its
 * current {@code iterations} (0 for the first step) before each update. Pass one where an optimizer
 * takes a learning rate: {@code new Adam(new CosineDecay(1e-3, 1000))}.
 */
public interface LearningRateSchedule {

    /** The learning rate for the update that follows {@code step} completed steps. */
    double at(long step);

    /** Keras's class name, e.g. {@code ExponentialDecay}, as a saved optimizer records it. */
    default String className() {
        return getClass().getSimpleName();
    }

    /** The constructor arguments under Keras's names, so that {@link Schedules#get} recreates the schedule. */
    Map<String, Object> config();
}
