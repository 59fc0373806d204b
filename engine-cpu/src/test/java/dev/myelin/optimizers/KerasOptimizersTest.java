package dev.myelin.optimizers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.optimizers.schedules.ExponentialDecay;
import dev.myelin.optimizers.schedules.PiecewiseConstantDecay;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The update rules and settings PyTorch 1.13 has no match for, against Keras 3's formulas (and the
 * papers') written out here in double precision: Lion, Nadam, Keras's epsilon placement, the three
 * gradient clips, weight decay, per-step schedules; and the state and config a checkpoint needs.
 * Tolerance 1e-6 absolute: parameters of order one, float32 rounding of a few operations per step.
 */
class KerasOptimizersTest {
    private static final float[] P0 = {0.5f, -1.0f, 2.0f};
    private static final float[][] GRADS = {{0.1f, -0.2f, 0.3f}, {-0.4f, 0.05f, 0.2f}, {0.3f, 0.6f, -0.1f}};
    private final Backend be = Backends.current();

    /** Three steps of {@code opt} on a copy of {@link #P0}; the parameters after each. */
    private float[][] run(Optimizer opt) {
        Tensor p = be.fromArray(Shape.of(3), P0, 0).requiresGrad(true);
        float[][] after = new float[GRADS.length][];
        try (p) {
            for (int s = 0; s < GRADS.length; s++) {
                step(opt, List.of(p), List.of(GRADS[s]));
                after[s] = p.toArray();
            }
        } finally {
            opt.release();
        }
        return after;
    }

    private void step(Optimizer opt, List<Tensor> params, List<float[]> grads) {
        try (Scope scope = Scope.open()) {
            for (int i = 0; i < params.size(); i++) params.get(i).setGrad(be.fromArray(params.get(i).shape(), grads.get(i), 0));
            opt.step(params);
            for (Tensor p : params) p.setGrad(null);
        }
    }

    private static void close(double[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-6, what + " element " + i);
    }

    private static double[] start() {
        return new double[] {P0[0], P0[1], P0[2]};
    }

    @Test
    void lionFollowsThePaper() {
        // Chen et al. 2023, Algorithm 2 without weight decay: c = b1 m + (1 - b1) g; p -= lr sign(c); m = b2 m + (1 - b2) g
        double lr = 0.01, b1 = 0.9, b2 = 0.99;
        float[][] got = run(new Lion(lr));
        double[] p = start(), m = new double[3];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[s][i];
                p[i] -= lr * Math.signum(b1 * m[i] + (1 - b1) * g);
                m[i] = b2 * m[i] + (1 - b2) * g;
            }
            close(p, got[s], "lion step " + (s + 1));
        }
    }

    @Test
    void nadamFollowsKeras() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        float[][] got = run(new Nadam(lr));
        double[] p = start(), m = new double[3], v = new double[3];
        double product = 1;
        for (int s = 0; s < GRADS.length; s++) {
            int t = s + 1;
            double u = b1 * (1 - 0.5 * Math.pow(0.96, t)), uNext = b1 * (1 - 0.5 * Math.pow(0.96, t + 1));
            product *= u;
            for (int i = 0; i < 3; i++) {
                double g = GRADS[s][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = uNext * m[i] / (1 - product * uNext) + (1 - u) * g / (1 - product);
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
            close(p, got[s], "nadam step " + t);
        }
    }

    @Test
    void epsilonSitsWhereKerasPutsIt() {
        double eps = 0.01; // large, so that a misplaced epsilon shows
        float[][] adagrad = run(new Adagrad(0.1).epsilon(eps));
        double[] p = start(), acc = {0.1, 0.1, 0.1};
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[s][i];
                acc[i] += g * g;
                p[i] -= 0.1 * g / Math.sqrt(acc[i] + eps);
            }
            close(p, adagrad[s], "adagrad step " + (s + 1));
        }
        float[][] adamax = run(new Adamax(0.1).epsilon(eps));
        p = start();
        double[] m = new double[3], u = new double[3];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[s][i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                u[i] = Math.max(0.999 * u[i], Math.abs(g));
                p[i] -= 0.1 * m[i] / ((1 - Math.pow(0.9, s + 1)) * (u[i] + eps));
            }
            close(p, adamax[s], "adamax step " + (s + 1));
        }
        float[][] centered = run(new RMSprop(0.1).centered(true).epsilon(eps));
        p = start();
        double[] v = new double[3], a = new double[3];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[s][i];
                v[i] = 0.9 * v[i] + 0.1 * g * g;
                a[i] = 0.9 * a[i] + 0.1 * g;
                p[i] -= 0.1 * g / Math.sqrt(v[i] - a[i] * a[i] + eps);
            }
            close(p, centered[s], "centered rmsprop step " + (s + 1));
        }
        float[][] amsgrad = run(new Adam(0.1).amsgrad(true).epsilon(eps));
        p = start();
        double[] m2 = new double[3], v2 = new double[3], vMax = new double[3];
        for (int s = 0; s < GRADS.length; s++) {
            int t = s + 1;
            double alpha = 0.1 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int i = 0; i < 3; i++) {
                double g = GRADS[s][i];
                m2[i] = 0.9 * m2[i] + 0.1 * g;
                v2[i] = 0.999 * v2[i] + 0.001 * g * g;
                vMax[i] = Math.max(vMax[i], v2[i]);
                p[i] -= alpha * m2[i] / (Math.sqrt(vMax[i]) + eps);
            }
            close(p, amsgrad[s], "amsgrad step " + t);
        }
    }

    @Test
    void clipsAndWeightDecay() {
        double lr = 0.1;
        // clipnorm 0.2 per tensor: g * 0.2 / max(|g|, 0.2)
        float[][] got = run(new SGD(lr).clipnorm(0.2));
        double[] p = start();
        for (int s = 0; s < GRADS.length; s++) {
            double norm = 0;
            for (float g : GRADS[s]) norm += g * g;
            double scale = 0.2 / Math.max(Math.sqrt(norm), 0.2);
            for (int i = 0; i < 3; i++) p[i] -= lr * GRADS[s][i] * scale;
            close(p, got[s], "clipnorm step " + (s + 1));
        }
        got = run(new SGD(lr).clipvalue(0.25));
        p = start();
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < 3; i++) p[i] -= lr * Math.max(-0.25, Math.min(0.25, GRADS[s][i]));
            close(p, got[s], "clipvalue step " + (s + 1));
        }
        got = run(new SGD(lr).weightDecay(0.5));
        p = start();
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < 3; i++) {
                p[i] -= p[i] * 0.5 * lr; // Keras: decay first, with the step's learning rate
                p[i] -= lr * GRADS[s][i];
            }
            close(p, got[s], "weight decay step " + (s + 1));
        }
        assertThrows(IllegalArgumentException.class, () -> new Adam().clipnorm(1).clipvalue(1));
    }

    @Test
    void globalClipnormScalesAllGradientsTogether() {
        Optimizer opt = new SGD(1.0).globalClipnorm(0.5);
        Tensor a = be.fromArray(Shape.of(2), new float[] {0, 0}, 0).requiresGrad(true);
        Tensor b = be.fromArray(Shape.of(1), new float[] {0}, 0).requiresGrad(true);
        try (a; b) {
            step(opt, List.of(a, b), List.of(new float[] {3, 0}, new float[] {4})); // joint norm 5: scale 0.1
            assertArrayEquals(new float[] {-0.3f, 0}, a.toArray(), 1e-6f);
            assertArrayEquals(new float[] {-0.4f}, b.toArray(), 1e-6f);
        }
    }

    @Test
    void schedulesAreReadAtTheStepsTakenBeforeEachUpdate() {
        // rate 1 for updates after 0 and 1 completed steps, then 0.1
        Optimizer opt = new SGD(new PiecewiseConstantDecay(new long[] {1}, new double[] {1, 0.1}));
        float[][] got = run(opt);
        double[] p = start();
        double[] rates = {1, 1, 0.1};
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < 3; i++) p[i] -= rates[s] * GRADS[s][i];
            close(p, got[s], "scheduled step " + (s + 1));
        }
        assertEquals(0.1f, opt.learningRate());
        assertThrows(IllegalStateException.class, () -> opt.setLearningRate(0.5));
    }

    @Test
    void restoredStateContinuesTheTrajectory() {
        for (Optimizer[] pair : new Optimizer[][] {{new Adam(0.1).amsgrad(true), new Adam(0.1).amsgrad(true)},
                {new Nadam(0.1), new Nadam(0.1)}, {new RMSprop(0.1).momentum(0.5).centered(true), new RMSprop(0.1).momentum(0.5).centered(true)},
                {new Adagrad(0.1), new Adagrad(0.1)}, {new SGD(new ExponentialDecay(0.1, 2, 0.5)).momentum(0.9),
                        new SGD(new ExponentialDecay(0.1, 2, 0.5)).momentum(0.9)}}) {
            Optimizer whole = pair[0], resumed = pair[1];
            float[] uninterrupted = run(whole)[2];
            Tensor p = be.fromArray(Shape.of(3), P0, 0).requiresGrad(true);
            try (p) {
                Optimizer first = Optimizers.get(whole.name(), whole.config());
                step(first, List.of(p), List.of(GRADS[0]));
                step(first, List.of(p), List.of(GRADS[1]));
                List<float[]> saved = new ArrayList<>();
                for (Tensor t : first.variables(List.of(p))) saved.add(t.toArray());
                assertEquals(first.slotNames().size(), saved.size(), whole.name());
                first.release();
                List<Tensor> slots = resumed.variables(List.of(p));
                for (int i = 0; i < slots.size(); i++) be.copyInto(be.fromArray(slots.get(i).shape(), saved.get(i), 0), slots.get(i));
                resumed.setIterations(first.iterations());
                step(resumed, List.of(p), List.of(GRADS[2]));
                assertArrayEquals(uninterrupted, p.toArray(), 0f, whole.name() + " resumed after two steps");
            } finally {
                resumed.release();
            }
        }
    }

    @Test
    void configRecreatesEveryOptimizer() {
        for (Optimizer o : List.of(new SGD(0.05).momentum(0.8).nesterov(true).clipnorm(2), new Adam(0.002).beta1(0.7).amsgrad(true),
                new AdamW(0.003, 0.01).globalClipnorm(1), new RMSprop(0.004).rho(0.8).momentum(0.3).centered(true).clipvalue(0.5),
                new Adagrad(0.1).initialAccumulatorValue(0.2), new Adadelta(1.0).rho(0.9), new Adamax(0.01).beta2(0.99),
                new Nadam(0.01).epsilon(1e-6).weightDecay(0.01), new Lion(new ExponentialDecay(1e-3, 100, 0.9, true)).beta1(0.95))) {
            Optimizer again = Optimizers.get(o.name(), o.config());
            assertEquals(o.getClass(), again.getClass());
            assertEquals(o.config(), again.config(), o.name());
            assertEquals(o.getClass(), Optimizers.get(o.name()).getClass(), "Keras name " + o.name());
        }
    }
}
