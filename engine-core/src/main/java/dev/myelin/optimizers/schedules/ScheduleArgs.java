package dev.myelin.optimizers.schedules;

import java.util.Map;

/** Argument checks and config reading the schedules share. */
final class ScheduleArgs {
    private ScheduleArgs() {}

    static double positive(String schedule, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(schedule + ": " + name + " must be positive, got " + value);
        }
        return value;
    }

    static double finite(String schedule, String name, double value) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException(schedule + ": " + name + " must be a finite number, got " + value);
        return value;
    }

    static double number(Map<String, Object> config, String key) {
        Object v = config.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("schedule config lacks the number \"" + key + "\": " + config);
        return n.doubleValue();
    }

    static double number(Map<String, Object> config, String key, double otherwise) {
        return config.get(key) instanceof Number n ? n.doubleValue() : otherwise;
    }

    static boolean flag(Map<String, Object> config, String key) {
        return Boolean.TRUE.equals(config.get(key));
    }
}
