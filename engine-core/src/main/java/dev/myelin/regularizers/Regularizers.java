package dev.myelin.regularizers;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

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

    /** The inverse of {@link #toJson}; null for JSON null or a missing entry. */
    public static Regularizer fromJson(JsonElement e) {
        if (e == null || e.isJsonNull()) return null;
        if (e.isJsonPrimitive()) return get(e.getAsString());
        JsonObject o = e.getAsJsonObject();
        JsonObject c = o.has("config") ? o.getAsJsonObject("config") : new JsonObject();
        String type = o.get("class_name").getAsString();
        return switch (type) {
            case "L1" -> new L1(c.has("l1") ? c.get("l1").getAsDouble() : 0.01);
            case "L2" -> new L2(c.has("l2") ? c.get("l2").getAsDouble() : 0.01);
            case "L1L2" -> new L1L2(c.has("l1") ? c.get("l1").getAsDouble() : 0, c.has("l2") ? c.get("l2").getAsDouble() : 0);
            default -> throw new IllegalArgumentException("unknown regularizer class \"" + type + "\" (known: L1, L2, L1L2)");
        };
    }

    /** Keras's check: a factor is a finite number, at least 0. */
    static float factor(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("regularizer factor " + name + " must be a non-negative number, got " + value);
        }
        return (float) value;
    }
}
