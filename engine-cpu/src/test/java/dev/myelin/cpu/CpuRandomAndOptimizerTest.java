package dev.myelin.cpu;

import dev.myelin.backend.CounterRandom;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.myelin.cpu.Reference.assertClose;
import static dev.myelin.cpu.Reference.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random ops must draw exactly {@link CounterRandom}'s numbers (element i = draw i) so the CUDA
 * backend can reproduce them; optimizer updates against Keras's formulas run in double over
 * several steps (tolerance 1e-5: a few float32 roundings per step).
 */
class CpuRandomAndOptimizerTest {
    private static final int N = 70_001; // splits across threads
    private final CpuBackend be = new CpuBackend();
    private Scope scope;

    @BeforeEach
    void open() { scope = Scope.open(); }

    @AfterEach
    void close() { scope.close(); }

    private Tensor t(float[] v) { return be.fromArray(Shape.of(v.length), v, 0); }

    @Test
    void randomUniformAndNormalDrawCounterRandomByIndex() {
        float[] u = be.randomUniform(Shape.of(N), -2f, 3f, 42).toArray();
        float[] z = be.randomNormal(Shape.of(N), 1f, 0.5f, false, 43).toArray();
        float[] tz = be.randomNormal(Shape.of(N), 1f, 0.5f, true, 44).toArray();
        for (int i = 0; i < N; i++) {
            assertEquals(-2f + 5f * CounterRandom.uniform(42, i), u[i], 0f, "uniform draw " + i);
            assertTrue(u[i] >= -2f && u[i] < 3f);
            assertEquals(1f + 0.5f * CounterRandom.normal(43, i), z[i], 0f, "normal draw " + i);
            assertEquals(1f + 0.5f * CounterRandom.truncatedNormal(44, i), tz[i], 0f, "truncated normal draw " + i);
            assertTrue(Math.abs(tz[i] - 1f) <= 1f + 1e-6f, "truncated beyond two standard deviations: " + tz[i]);
        }
    }

    @Test
    void dropoutMaskComesFromTheSeedAndBackwardReusesIt() {
        float rate = 0.3f;
        float[] x = random(N, 1), dy = random(N, 2);
        float[] y = be.dropout(t(x), rate, 7).toArray(), dx = be.dropoutBackward(t(dy), rate, 7).toArray();
        int dropped = 0;
        for (int i = 0; i < N; i++) {
            boolean drop = CounterRandom.uniform(7, i) < rate;
            if (drop) dropped++;
            assertEquals(drop ? 0f : x[i] / (1 - rate), y[i], 1e-6f, "dropout element " + i);
            assertEquals(drop ? 0f : dy[i] / (1 - rate), dx[i], 1e-6f, "dropout backward element " + i);
        }
        // About 30% dropped: 5 standard deviations of a binomial(70001, 0.3) is 0.9%.
        assertEquals(rate, dropped / (double) N, 0.01);
    }

    @Test
    void sgdPlainMomentumAndNesterov() {
        float lr = 0.1f, mom = 0.9f;
        for (int variant = 0; variant < 3; variant++) {
            float[] p0 = random(13, 3);
            double[] p = new double[13], v = new double[13];
            for (int i = 0; i < 13; i++) p[i] = p0[i];
            Tensor pt = t(p0), vt = variant == 0 ? null : be.zeros(Shape.of(13));
            for (int step = 0; step < 3; step++) {
                float[] g = random(13, 10 + step);
                be.sgdUpdate(pt, t(g), vt, lr, variant == 0 ? 0f : mom, variant == 2);
                for (int i = 0; i < 13; i++) {
                    if (variant == 0) {
                        p[i] -= lr * g[i];
                    } else {
                        v[i] = mom * v[i] - lr * g[i];
                        p[i] += variant == 2 ? mom * v[i] - lr * g[i] : v[i];
                    }
                }
            }
            assertClose("sgd variant " + variant, p, pt.toArray(), 1e-5);
        }
    }

    @Test
    void adamFollowsKeras() {
        float lr = 0.01f, b1 = 0.9f, b2 = 0.999f, eps = 1e-7f;
        float[] p0 = random(N, 4);
        double[] p = new double[N], m = new double[N], v = new double[N];
        for (int i = 0; i < N; i++) p[i] = p0[i];
        Tensor pt = t(p0), mt = be.zeros(Shape.of(N)), vt = be.zeros(Shape.of(N));
        for (int step = 1; step <= 3; step++) {
            float[] g = random(N, 20 + step);
            be.adamUpdate(pt, t(g), mt, vt, lr, b1, b2, eps, step);
            double lrT = lr * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1, step));
            for (int i = 0; i < N; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                p[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
            }
        }
        assertClose("adam", p, pt.toArray(), 1e-5);
    }

    @Test
    void rmspropWithAndWithoutMomentum() {
        float lr = 0.01f, rho = 0.9f, eps = 1e-7f;
        for (float momentum : new float[] {0f, 0.5f}) {
            float[] p0 = random(13, 5);
            double[] p = new double[13], ms = new double[13], mom = new double[13];
            for (int i = 0; i < 13; i++) p[i] = p0[i];
            Tensor pt = t(p0), mst = be.zeros(Shape.of(13)), momt = momentum == 0 ? null : be.zeros(Shape.of(13));
            for (int step = 0; step < 3; step++) {
                float[] g = random(13, 30 + step);
                be.rmspropUpdate(pt, t(g), mst, momt, lr, rho, momentum, eps);
                for (int i = 0; i < 13; i++) {
                    ms[i] = rho * ms[i] + (1 - rho) * g[i] * g[i];
                    double delta = lr * g[i] / Math.sqrt(ms[i] + eps); // Keras 3: epsilon inside the root
                    if (momentum == 0) {
                        p[i] -= delta;
                    } else {
                        mom[i] = momentum * mom[i] + delta;
                        p[i] -= mom[i];
                    }
                }
            }
            assertClose("rmsprop momentum " + momentum, p, pt.toArray(), 1e-5);
        }
    }
}
