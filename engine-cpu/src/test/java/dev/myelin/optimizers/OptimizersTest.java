package dev.myelin.optimizers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Two steps of each optimizer (the second exercises its state) against Keras's update formulas
 * computed here in double precision. Tolerance 1e-6 absolute: the parameters are of order one and
 * float32 rounding of a few operations stays below 1e-6.
 */
class OptimizersTest {
    private static final float[] P0 = {0.5f, -1.0f, 2.0f};
    private static final float[][] GRADS = {{0.1f, -0.2f, 0.3f}, {-0.4f, 0.05f, 0.2f}};
    private final Backend be = Backends.current();

    /** Runs two steps of {@code opt} and returns the parameter values after each. */
    private float[][] run(Optimizer opt) {
        Tensor p = be.fromArray(Shape.of(3), P0, 0).requiresGrad(true);
        float[][] after = new float[2][];
        try (p) {
            for (int s = 0; s < 2; s++) {
                try (Scope scope = Scope.open()) {
                    p.setGrad(be.fromArray(Shape.of(3), GRADS[s], 0));
                    opt.step(List.of(p));
                    p.setGrad(null);
                }
                after[s] = p.toArray();
            }
        } finally {
            opt.release();
        }
        return after;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-6, what + " element " + i);
    }

    @Test
    void sgdPlain() {
        float[][] got = run(new SGD(0.1f));
        double[] p = {P0[0], P0[1], P0[2]};
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 3; i++) p[i] -= 0.1 * GRADS[s][i];
            assertClose(p, got[s], "sgd step " + (s + 1));
        }
    }

    @Test
    void sgdMomentumAndNesterov() {
        for (boolean nesterov : new boolean[] {false, true}) {
            float[][] got = run(new SGD(0.1).momentum(0.9).nesterov(nesterov));
            double[] p = {P0[0], P0[1], P0[2]}, v = new double[3];
            for (int s = 0; s < 2; s++) {
                for (int i = 0; i < 3; i++) {
                    double g = GRADS[s][i];
                    v[i] = 0.9 * v[i] - 0.1 * g;
                    p[i] += nesterov ? 0.9 * v[i] - 0.1 * g : v[i];
                }
                assertClose(p, got[s], (nesterov ? "nesterov" : "momentum") + " step " + (s + 1));
            }
        }
    }

    @Test
    void adamWithKerasDefaults() {
        float[][] got = run(new Adam(0.01));
        double b1 = 0.9, b2 = 0.999, eps = 1e-7, lr = 0.01;
        double[] p = {P0[0], P0[1], P0[2]}, m = new double[3], v = new double[3];
        for (int s = 0; s < 2; s++) {
            int t = s + 1;
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 3; i++) {
                double g = GRADS[s][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                p[i] -= alpha * m[i] / (Math.sqrt(v[i]) + eps);
            }
            assertClose(p, got[s], "adam step " + t);
        }
    }

    @Test
    void rmspropWithKerasDefaults() {
        float[][] got = run(new RMSprop(0.01));
        double rho = 0.9, eps = 1e-7, lr = 0.01;
        double[] p = {P0[0], P0[1], P0[2]}, ms = new double[3];
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[s][i];
                ms[i] = rho * ms[i] + (1 - rho) * g * g;
                p[i] -= lr * g / Math.sqrt(ms[i] + eps); // Keras 3: epsilon inside the root
            }
            assertClose(p, got[s], "rmsprop step " + (s + 1));
        }
    }

    @Test
    void parametersWithoutGradientsAreLeftAlone() {
        Tensor p = be.fromArray(Shape.of(3), P0, 0).requiresGrad(true);
        try (p) {
            new Adam().step(List.of(p));
            assertEquals(List.of(P0[0], P0[1], P0[2]), List.of(p.toArray()[0], p.toArray()[1], p.toArray()[2]));
            assertNull(p.grad());
        }
    }

    @Test
    void kerasDefaultsAndNames() {
        assertEquals(0.01f, new SGD().learningRate());
        assertEquals(0.001f, new Adam().learningRate());
        assertEquals(0.001f, new RMSprop().learningRate());
        assertEquals("adam", Optimizers.get("Adam").name());
        assertThrows(IllegalArgumentException.class, () -> Optimizers.get("ftrl"));
        assertThrows(IllegalArgumentException.class, () -> new SGD(-1));
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.01).momentum(1.5));
    }

    @Test
    void floatAndDoubleSettingsGiveTheSameSteps() {
        assertEquals(List.of(run(new SGD(0.1f, 0.9f, true))[1][0]), List.of(run(new SGD(0.1).momentum(0.9).nesterov(true))[1][0]));
        assertEquals(List.of(run(new Adam(0.01f, 0.8f, 0.99f, 1e-6f))[1][2]),
                List.of(run(new Adam(0.01).beta1(0.8).beta2(0.99).epsilon(1e-6))[1][2]));
    }
}
