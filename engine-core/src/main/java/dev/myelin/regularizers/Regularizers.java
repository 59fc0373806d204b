package dev.myelin.regularizers;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.myelin.layers.ConfigReader;
import dev.myelin.layers.InvalidConfigException;

import java.util.Locale;

/** Regularizers by Keras name ({@code "l1"}, {@code "l2"}, {@code "l1_l2"}) and from saved configs. */
public final class Regularizers {
    private Regularizers() {}

    /** {@code "l1"}: L1(0.01); {@code "l2"}: L2(0.01); {@code "l1_l2"}: L1L2(0.01, 0.01), Keras's string forms. */
    public static Regularizer get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "l1" -> new L1();
            case "l2" -> new L2();
            case "l1_l2", "l1l2" -> new L1L2(0.01, 0.01);
            default -> throw new IllegalArgumentException("unknown regularizer \"" + name + "\"; known: l1, l2, l1_l2");
        };
    }

    /** Keras's serialized form: {@code {"class_name": "L2", "config": {"l2": 0.01}}}, or JSON null for none. */
    public static JsonElement toJson(Regularizer r) {
        if (r == null) return JsonNull.INSTANCE;
        JsonObject o = new JsonObject();
        o.addProperty("class_name", r.className());
        o.add("config", r.config());
        return o;
    }

    /**
     * The inverse of {@link #toJson}; null for JSON null or a missing entry. Every field is checked, so a
     * damaged saved model gives an {@link InvalidConfigException} naming it.
     */
    public static Regularizer fromJson(JsonElement e) {
        if (e == null || e.isJsonNull()) return null;
        if (e instanceof JsonPrimitive p && p.isString()) return get(p.getAsString());
        if (!e.isJsonObject()) {
            throw new InvalidConfigException("expected a regularizer: its name (\"l2\") or {\"class_name\": ..., \"config\": ...}");
        }
        ConfigReader o = new ConfigReader(e);
        String type = o.string("class_name");
        if (!o.has("config")) return fromConfig(type, new ConfigReader(new JsonObject()));
        return o.object("config", c -> fromConfig(type, c));
    }

    private static Regularizer fromConfig(String type, ConfigReader c) {
        return switch (type) {
            case "L1" -> new L1(factor(c, "l1", 0.01));
            case "L2" -> new L2(factor(c, "l2", 0.01));
            case "L1L2" -> new L1L2(factor(c, "l1", 0), factor(c, "l2", 0));
            default -> throw new InvalidConfigException("unknown regularizer class \"" + type + "\" (known: L1, L2, L1L2)");
        };
    }

    /** A saved factor: a finite number of at least 0, {@code ifAbsent} when missing. */
    private static double factor(ConfigReader c, String key, double ifAbsent) {
        return c.has(key) ? c.number(key, 0, Float.MAX_VALUE, true) : ifAbsent;
    }

    /** Keras's check: a factor is a finite number, at least 0. */
    static float factor(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("regularizer factor " + name + " must be a non-negative number, got " + value);
        }
        return (float) value;
    }
}
