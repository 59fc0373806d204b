package dev.myelin.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Reads a layer's saved config field by field, each checked for presence, type and range, so that a
 * hostile or damaged {@code model.json} gives an {@link InvalidConfigException} naming the field,
 * what was expected and what was found, never a bare Gson or JVM exception. Every layer's
 * {@code fromConfig} reads through one.
 */
public final class ConfigReader {
    /** A number longer than this is refused unparsed: no sane config needs it, and parsing is not free. */
    private static final int MAX_NUMBER_TEXT = 64;

    private final JsonObject config;

    /** Reads {@code config}, which may be null or not an object (then every read says so). */
    public ConfigReader(JsonElement config) {
        if (config == null || !config.isJsonObject()) {
            throw new InvalidConfigException("\"config\": expected an object of the layer's fields, found " + describe(config));
        }
        this.config = config.getAsJsonObject();
    }

    /**
     * A required object field read by its own reader (a wrapped layer's entry, a regularizer's
     * config); errors from {@code read} are prefixed with the field.
     */
    public <T> T object(String key, Function<ConfigReader, T> read) {
        JsonElement e = config.get(key);
        if (!(e instanceof JsonObject)) throw field(key, "an object", e);
        try {
            return read.apply(new ConfigReader(e));
        } catch (InvalidConfigException inner) {
            throw new InvalidConfigException("field \"" + key + "\": " + inner.getMessage(), inner);
        }
    }

    /** The raw value of {@code key} (null when missing), for a reader that checks it itself, like a nested layer's config. */
    public JsonElement get(String key) {
        return config.get(key);
    }

    /** An error for field {@code key}, which holds a value of the right type that is not {@code expected}. */
    public InvalidConfigException invalid(String key, String expected) {
        return field(key, expected, config.get(key));
    }

    /** A reader of the one field {@code key} holding {@code value}: how an array's element is read with the same checks and messages. */
    public static ConfigReader of(String key, JsonElement value) {
        JsonObject o = new JsonObject();
        o.add(key, value);
        return new ConfigReader(o);
    }

    /** The layer's {@code name}: a non-empty string. */
    public String name() {
        String name = string("name");
        if (name.isBlank()) throw field("name", "a non-empty string", config.get("name"));
        return name;
    }

    /** An optional string field: {@code ifAbsent} when missing or null. */
    public String string(String key, String ifAbsent) {
        return has(key) ? string(key) : ifAbsent;
    }

    /** An optional integer field in {@code [min, max]}: {@code ifAbsent} when missing or null. */
    public int integer(String key, int min, int max, int ifAbsent) {
        return has(key) ? integer(key, min, max) : ifAbsent;
    }

    /** An optional 64-bit integer field: null when missing or null (a Keras {@code seed=None}). */
    public Long optionalLong(String key) {
        return has(key) ? longInteger(key) : null;
    }

    /**
     * Keras's {@code factor}: one finite number, or a pair {@code [lower, upper]} of them; the number
     * {@code f} is returned as it is, in an array of one.
     */
    public double[] numberOrPair(String key) {
        JsonElement e = config.get(key);
        if (e instanceof JsonPrimitive) return new double[] {number(key, -Double.MAX_VALUE, Double.MAX_VALUE, true)};
        if (!(e instanceof JsonArray a) || a.size() != 2) throw field(key, "a number or a pair [lower, upper] of numbers", e);
        double[] v = new double[2];
        for (int i = 0; i < 2; i++) {
            BigDecimal d = decimal(a.get(i));
            double x = d == null ? Double.NaN : d.doubleValue();
            if (!(Math.abs(x) <= Double.MAX_VALUE)) throw field(key + "[" + i + "]", "a finite number", a.get(i));
            v[i] = x;
        }
        return v;
    }

    /** A required string field. */
    public String string(String key) {
        JsonElement e = config.get(key);
        if (e instanceof JsonPrimitive p && p.isString()) return p.getAsString();
        throw field(key, "a string", e);
    }

    /** A string field turned into a value by {@code parse}; its {@code IllegalArgumentException} names the field. */
    public <T> T parsed(String key, Function<String, T> parse) {
        String s = string(key);
        try {
            return parse.apply(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("field \"" + key + "\": " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} is present and not null (Keras writes an unset option as null). */
    public boolean has(String key) {
        JsonElement e = config.get(key);
        return e != null && !e.isJsonNull();
    }

    /** A field read by {@code parse} (null when absent); any exception it throws names the field. */
    public <T> T element(String key, Function<JsonElement, T> parse) {
        JsonElement e = config.get(key);
        try {
            return parse.apply(e);
        } catch (RuntimeException ex) {
            throw new InvalidConfigException("field \"" + key + "\": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage())
                    + " (found " + describe(e) + ")", ex);
        }
    }

    /** An optional boolean field: {@code ifAbsent} when missing or null. */
    public boolean bool(String key, boolean ifAbsent) {
        return has(key) ? bool(key) : ifAbsent;
    }

    /** A required finite number that fits a float. */
    public float floatNumber(String key) {
        return (float) number(key, -Float.MAX_VALUE, Float.MAX_VALUE, true);
    }

    /** A finite number, or an array of them (at most {@code maxLength}), as floats. */
    public float[] floats(String key, int maxLength) {
        JsonElement e = config.get(key);
        String expected = "a number or an array of at most " + maxLength + " finite numbers";
        if (e instanceof JsonPrimitive) return new float[] {floatNumber(key)};
        if (!(e instanceof JsonArray a) || a.size() > maxLength) throw field(key, expected, e);
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            BigDecimal d = decimal(a.get(i));
            double x = d == null ? Double.NaN : d.doubleValue();
            if (!(Math.abs(x) <= Float.MAX_VALUE)) throw field(key + "[" + i + "]", "a finite number", a.get(i));
            v[i] = (float) x;
        }
        return v;
    }

    /** {@code ((a, b), (c, d))} of integers in {@code [min, max]}, as Keras writes ZeroPadding2D's padding. */
    public int[] integerPairs(String key, int min, int max) {
        JsonElement e = config.get(key);
        if (!(e instanceof JsonArray a) || a.size() != 2 || !(a.get(0) instanceof JsonArray h) || !(a.get(1) instanceof JsonArray w)
                || h.size() != 2 || w.size() != 2) {
            throw field(key, "two pairs of integers, [[a, b], [c, d]]", e);
        }
        return new int[] {integer(key + "[0][0]", h.get(0), min, max), integer(key + "[0][1]", h.get(1), min, max),
                integer(key + "[1][0]", w.get(0), min, max), integer(key + "[1][1]", w.get(1), min, max)};
    }

    /** A required boolean field. */
    public boolean bool(String key) {
        JsonElement e = config.get(key);
        if (e instanceof JsonPrimitive p && p.isBoolean()) return p.getAsBoolean();
        throw field(key, "true or false", e);
    }

    /** A required array field. */
    public JsonArray array(String key) {
        JsonElement e = config.get(key);
        if (e instanceof JsonArray a) return a;
        throw field(key, "an array", e);
    }

    /** A required integer field of any 64-bit value. */
    public long longInteger(String key) {
        JsonElement e = config.get(key);
        BigDecimal v = decimal(e);
        String range = "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        if (v == null || v.signum() != 0 && v.stripTrailingZeros().scale() > 0
                || v.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 || v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw field(key, range, e);
        }
        return v.longValueExact();
    }

    /** A required integer field in {@code [min, max]}. */
    public int integer(String key, int min, int max) {
        return integer(key, config.get(key), min, max);
    }

    /** A required finite number field in {@code [min, max)}, or {@code [min, max]} when {@code maxIncluded}. */
    public double number(String key, double min, double max, boolean maxIncluded) {
        JsonElement e = config.get(key);
        String range = "a number from " + min + (maxIncluded ? " to " : " up to but not including ") + max;
        BigDecimal v = decimal(e);
        if (v == null) throw field(key, range, e);
        double d = v.doubleValue();
        if (!(d >= min && (maxIncluded ? d <= max : d < max))) throw field(key, range, e);
        return d;
    }

    /** A required array of {@code length} integers in {@code [min, max]} ({@code length} -1: 1 to 8 of them). */
    public int[] integers(String key, int length, int min, int max) {
        JsonElement e = config.get(key);
        String expected = (length < 0 ? "an array of 1 to 8" : "an array of " + length) + " integers from " + min + " to " + max;
        if (!(e instanceof JsonArray a) || (length >= 0 ? a.size() != length : a.isEmpty() || a.size() > 8)) {
            throw field(key, expected, e);
        }
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = integer(key + "[" + i + "]", a.get(i), min, max);
        return v;
    }

    /** A sample shape: 1 to 8 positive dimensions whose product fits an int (what a tensor can index). */
    public int[] shape(String key) {
        int[] dims = integers(key, -1, 1, Integer.MAX_VALUE);
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new InvalidConfigException("field \"" + key + "\": " + Arrays.toString(dims)
                        + " has more than 2147483647 values per sample");
            }
        }
        return dims;
    }

    private static int integer(String key, JsonElement e, int min, int max) {
        String range = "an integer from " + min + " to " + max;
        BigDecimal v = decimal(e);
        if (v == null || v.signum() != 0 && v.stripTrailingZeros().scale() > 0) throw field(key, range, e);
        if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) throw field(key, range, e);
        return v.intValueExact();
    }

    /** A JSON number as a decimal, or null when {@code e} is not a number of sensible length. */
    private static BigDecimal decimal(JsonElement e) {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) return null;
        String text = p.getAsNumber().toString();
        if (text.length() > MAX_NUMBER_TEXT) return null;
        try {
            BigDecimal v = new BigDecimal(text);
            // 1e999999999 parses; keep exponents where comparisons stay cheap.
            return Math.abs((long) v.precision() - v.scale()) > 400 ? null : v;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static InvalidConfigException field(String key, String expected, JsonElement found) {
        return new InvalidConfigException("field \"" + key + "\": expected " + expected + ", found " + describe(found));
    }

    /** How a value is named in errors: {@code missing}, {@code null}, {@code "relu" (a string)}, {@code 1e30}. */
    public static String describe(JsonElement e) {
        if (e == null) return "nothing (the field is missing)";
        if (e.isJsonNull()) return "null";
        String text = e.toString();
        if (text.length() > 60) text = text.substring(0, 57) + "...";
        if (e.isJsonArray()) return "the array " + text;
        if (e.isJsonObject()) return "the object " + text;
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isString()) return text + " (a string)";
        if (p.isBoolean()) return text + " (a boolean)";
        return text;
    }
}
