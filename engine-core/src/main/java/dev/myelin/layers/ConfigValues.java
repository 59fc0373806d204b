package dev.myelin.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Reading and writing the integer tuples of layer configs (Keras writes tuples as JSON arrays). */
final class ConfigValues {
    private ConfigValues() {}

    static JsonArray ints(int... values) {
        JsonArray a = new JsonArray();
        for (int v : values) a.add(v);
        return a;
    }

    static JsonArray floats(float... values) {
        JsonArray a = new JsonArray();
        for (float v : values) a.add(v);
        return a;
    }

    /** Keras's factor: one number {@code f} (read as {@code (-|f|, |f|)}) or a pair {@code (lower, upper)}. */
    static float[] readFloatPair(com.google.gson.JsonElement e) {
        if (e.isJsonPrimitive()) {
            float f = Math.abs(e.getAsFloat());
            return new float[] {-f, f};
        }
        JsonArray a = e.getAsJsonArray();
        return new float[] {a.get(0).getAsFloat(), a.get(1).getAsFloat()};
    }

    static int[] readInts(JsonObject c, String key) {
        JsonArray a = c.getAsJsonArray(key);
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
        return v;
    }

    /** {@code ((a, b), (c, d))}: how Keras writes ZeroPadding2D's padding and Cropping2D's cropping. */
    static JsonArray pairs(int a, int b, int c, int d) {
        JsonArray p = new JsonArray();
        p.add(ints(a, b));
        p.add(ints(c, d));
        return p;
    }

    /** Names the layer from its config, the last step of every {@code fromConfig}. */
    static <L extends Layer> L named(L layer, ConfigReader c) {
        layer.named(c.name());
        return layer;
    }


    /** Names the layer from a config read directly (the layers not yet read through a {@link ConfigReader}). */
    static <L extends Layer> L named(L layer, JsonObject c) {
        return named(layer, new ConfigReader(c));
    }
}
