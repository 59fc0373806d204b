package dev.myelin.optimizers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Six steps of each optimizer PyTorch 1.13 also has (but NAdam, see the script), against the trajectories recorded from PyTorch
 * by {@code torch_trajectories.py} (beside the fixture, which says how each case's options match
 * Keras's formulas). Tolerance 1e-5 absolute on parameters of order one: float32 rounding of the two
 * implementations, which order their operations differently, stays around 1e-6 after six steps,
 * while every step moves the parameters by 1e-3 or more.
 */
class OptimizerTrajectoriesTest {
    private final Backend be = Backends.current();

    private static final Map<String, Supplier<Optimizer>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("sgd", () -> new SGD(0.1));
        CASES.put("sgd_momentum", () -> new SGD(0.1).momentum(0.9));
        CASES.put("sgd_nesterov", () -> new SGD(0.1).momentum(0.9).nesterov(true));
        CASES.put("adam", () -> new Adam(0.01).epsilon(0));
        CASES.put("adam_amsgrad", () -> new Adam(0.01).beta1(0.8).beta2(0.99).epsilon(0).amsgrad(true));
        CASES.put("adamw", () -> new AdamW(0.01, 0.1).epsilon(0));
        CASES.put("rmsprop", () -> new RMSprop(0.01).epsilon(0));
        CASES.put("rmsprop_centered_momentum", () -> new RMSprop(0.01).momentum(0.5).centered(true).epsilon(0));
        CASES.put("adagrad", () -> new Adagrad(0.1).epsilon(0));
        CASES.put("adadelta", () -> new Adadelta(1.0).rho(0.95).epsilon(1e-7));
        CASES.put("adamax", () -> new Adamax(0.01).epsilon(0));
    }

    private static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsFloat();
        return v;
    }

    @Test
    void everyOptimizerFollowsPyTorchsTrajectory() throws IOException {
        JsonObject fixture;
        try (Reader r = new InputStreamReader(getClass().getResourceAsStream("torch_trajectories.json"), StandardCharsets.UTF_8)) {
            fixture = JsonParser.parseReader(r).getAsJsonObject();
        }
        float[] initial = floats(fixture.getAsJsonArray("initial"));
        JsonArray grads = fixture.getAsJsonArray("grads");
        JsonObject cases = fixture.getAsJsonObject("cases");
        assertEquals(CASES.keySet(), cases.keySet());
        for (var c : CASES.entrySet()) {
            Optimizer opt = c.getValue().get();
            JsonArray expected = cases.getAsJsonArray(c.getKey());
            Tensor p = be.fromArray(Shape.of(initial.length), initial, 0).requiresGrad(true);
            try (p) {
                for (int s = 0; s < grads.size(); s++) {
                    try (Scope scope = Scope.open()) {
                        float[] g = floats(grads.get(s).getAsJsonArray());
                        p.setGrad(be.fromArray(Shape.of(g.length), g, 0));
                        opt.step(List.of(p));
                        p.setGrad(null);
                    }
                    float[] want = floats(expected.get(s).getAsJsonArray()), got = p.toArray();
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], got[i], 1e-5, c.getKey() + " step " + (s + 1) + " element " + i);
                    }
                }
            } finally {
                opt.release();
            }
        }
    }
}
