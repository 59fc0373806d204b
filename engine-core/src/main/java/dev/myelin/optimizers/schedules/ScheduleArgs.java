package dev.myelin.optimizers.schedules;

import java.util.List;
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

    /** A required finite number. */
    static double number(Map<String, Object> config, String key) {
        if (config.get(key) == null) throw new IllegalArgumentException("field \"" + key + "\": expected a finite number, found nothing");
        return number(config, key, 0);
    }

    /** An optional finite number: {@code otherwise} when absent or null. */
    static double number(Map<String, Object> config, String key, double otherwise) {
        Object v = config.get(key);
        if (v == null) return otherwise;
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
        throw new IllegalArgumentException("field \"" + key + "\": expected a finite number, found " + shorten(v));
    }

    /** An optional boolean: false when absent or null. */
    static boolean flag(Map<String, Object> config, String key) {
        Object v = config.get(key);
        if (v == null || v instanceof Boolean) return Boolean.TRUE.equals(v);
        throw new IllegalArgumentException("field \"" + key + "\": expected true or false, found " + shorten(v));
    }

    /** A required list of finite numbers. */
    static double[] numbers(Map<String, Object> config, String key) {
        if (!(config.get(key) instanceof List<?> list)) {
            throw new IllegalArgumentException("field \"" + key + "\": expected an array of numbers, found " + shorten(config.get(key)));
        }
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(list.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw new IllegalArgumentException("field \"" + key + "[" + i + "]\": expected a finite number, found " + shorten(list.get(i)));
            }
            v[i] = n.doubleValue();
        }
        return v;
    }

    private static String shorten(Object v) {
        String s = v == null ? "nothing" : v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
