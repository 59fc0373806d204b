package dev.myelin.optimizers.schedules;

/** Argument checks the schedules share. */
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
}
