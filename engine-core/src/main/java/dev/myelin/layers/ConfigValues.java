package dev.myelin.layers;

import com.google.gson.JsonArray;

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

}
