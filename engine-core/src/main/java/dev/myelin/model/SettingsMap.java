package dev.myelin.model;

import java.util.List;
import java.util.Map;

/**
 * Reads the settings of a saved optimizer, schedule or loss (a {@code Map} from {@code compile_config})
 * field by field: a value of the wrong type or a non-finite number is an {@link IllegalArgumentException}
 * that names the field and quotes what it found.
 */
public final class SettingsMap {
    private SettingsMap() {}

    /**
     * A required finite number.
     *
     * @param config the settings
     * @param key the field
     * @return its value
     */
    public static double number(Map<String, Object> config, String key) {
        if (config.get(key) == null) throw new IllegalArgumentException("field \"" + key + "\": expected a finite number, found nothing");
        return number(config, key, 0);
    }

    /**
     * An optional finite number.
     *
     * @param config the settings
     * @param key the field
     * @param otherwise the value when the field is absent or null
     * @return its value, or {@code otherwise}
     */
    public static double number(Map<String, Object> config, String key, double otherwise) {
        Object v = config.get(key);
        if (v == null) return otherwise;
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
        throw new IllegalArgumentException("field \"" + key + "\": expected a finite number, found " + shorten(v));
    }

    /**
     * A present number that must be an integer that fits an int.
     *
     * @param config the settings
     * @param key the field
     * @return its value
     */
    public static int integer(Map<String, Object> config, String key) {
        double v = number(config, key, 0);
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field \"" + key + "\": expected an integer, found " + shorten(config.get(key)));
        }
        return (int) v;
    }

    /**
     * An optional integer that fits an int.
     *
     * @param config the settings
     * @param key the field
     * @param otherwise the value when the field is absent or null
     * @return its value, or {@code otherwise}
     */
    public static int integer(Map<String, Object> config, String key, int otherwise) {
        return config.get(key) == null ? otherwise : integer(config, key);
    }

    /**
     * An optional boolean.
     *
     * @param config the settings
     * @param key the field
     * @return its value; false when absent or null
     */
    public static boolean flag(Map<String, Object> config, String key) {
        Object v = config.get(key);
        if (v == null || v instanceof Boolean) return Boolean.TRUE.equals(v);
        throw new IllegalArgumentException("field \"" + key + "\": expected true or false, found " + shorten(v));
    }

    /**
     * An optional string.
     *
     * @param config the settings
     * @param key the field
     * @param otherwise the value when the field is absent or null
     * @return its value, or {@code otherwise}
     */
    public static String string(Map<String, Object> config, String key, String otherwise) {
        Object v = config.get(key);
        if (v == null) return otherwise;
        if (v instanceof String s) return s;
        throw new IllegalArgumentException("field \"" + key + "\": expected a string, found " + shorten(v));
    }

    /**
     * A required list of finite numbers.
     *
     * @param config the settings
     * @param key the field
     * @return its values
     */
    public static double[] numbers(Map<String, Object> config, String key) {
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

    /**
     * A value as errors quote it: a string in quotes, null as "nothing", anything else as Java prints
     * it, cut at 60 characters.
     *
     * @param v the value
     * @return its quotation
     */
    public static String shorten(Object v) {
        String s = v == null ? "nothing" : v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
