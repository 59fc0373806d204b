package dev.myelin.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * LSTM and GRU against PyTorch 1.13 (torch_recurrent.py beside torch_recurrent.json, which maps
 * Keras's weight layouts and gate orders onto PyTorch's): an implementation independent of the
 * equations RecurrentReference writes out. Tolerance 1e-5: both float32, seven steps of products
 * of length at most 4 on values of order one.
 */
class RecurrentFixtureTest {

    private static JsonObject fixture() throws Exception {
        try (var in = RecurrentFixtureTest.class.getResourceAsStream("torch_recurrent.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    private static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsFloat();
        return v;
    }

    private static void check(RecurrentLayer<?> layer, JsonObject f, JsonObject cell, boolean cellState) {
        Backend be = Backends.current();
        int n = f.getAsJsonArray("shape").get(0).getAsInt(), steps = f.getAsJsonArray("shape").get(1).getAsInt();
        int features = f.getAsJsonArray("shape").get(2).getAsInt();
        layer.returnSequences(true).build(Shape.of(steps, features));
        String[] names = {"kernel", "recurrent_kernel", "bias"};
        for (int i = 0; i < 3; i++) {
            Tensor p = layer.params().get(i);
            try (Tensor src = be.fromArray(p.shape(), floats(cell.getAsJsonArray(names[i])), 0)) {
                be.copyInto(src, p);
            }
        }
        try (Scope s = Scope.open()) {
            List<Tensor> out = layer.callWithStates(be.fromArray(Shape.of(n, steps, features), floats(f.getAsJsonArray("x")), 0), null,
                    null, false);
            assertArrayEquals(floats(cell.getAsJsonArray("sequence")), out.get(0).toArray(), 1e-5f, layer.describe() + " sequence");
            assertArrayEquals(floats(cell.getAsJsonArray("h")), out.get(1).toArray(), 1e-5f, layer.describe() + " h");
            if (cellState) assertArrayEquals(floats(cell.getAsJsonArray("c")), out.get(2).toArray(), 1e-5f, layer.describe() + " c");
        }
    }

    @Test
    void lstmMatchesPyTorch() throws Exception {
        JsonObject f = fixture();
        check(new LSTM(f.get("units").getAsInt()), f, f.getAsJsonObject("lstm"), true);
    }

    @Test
    void gruMatchesPyTorch() throws Exception {
        JsonObject f = fixture();
        check(new GRU(f.get("units").getAsInt()), f, f.getAsJsonObject("gru"), false);
    }
}
