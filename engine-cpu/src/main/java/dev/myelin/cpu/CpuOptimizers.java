package dev.myelin.cpu;

import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Sgemm;

/** Fused optimizer updates, in place, in Keras's formulations (see the SPI's javadoc). */
final class CpuOptimizers {
    private static final int GRAIN = CpuElementwise.GRAIN;

    private CpuOptimizers() {}

    /**
     * The update's loop: over a large parameter, one contiguous part per thread on every step, the
     * halves of a Dense kernel that its products give the same threads (Sgemm's owned splits), so
     * each core updates the moments and weights it updated last step, reading gradients it wrote
     * (the Dense 500's Adam at batch 1: 56-61 us against 63-85 decided loop by loop, 80-90 alone);
     * else split as measured.
     */
    private static void forParams(int n, Parallel.Range body) {
        if (n >= Sgemm.OWNED_MIN_FLOATS) Parallel.forOwnedParts(n, Parallel.threads(), body);
        else Parallel.forRange(n, GRAIN, body);
    }

    static void sgd(float[] p, float[] g, float[] v, int n, float lr, float momentum, boolean nesterov) {
        forParams(n, (from, to) -> {
            if (v == null) {
                for (int i = from; i < to; i++) p[i] -= lr * g[i];
            } else if (nesterov) {
                for (int i = from; i < to; i++) {
                    v[i] = momentum * v[i] - lr * g[i];
                    p[i] += momentum * v[i] - lr * g[i];
                }
            } else {
                for (int i = from; i < to; i++) {
                    v[i] = momentum * v[i] - lr * g[i];
                    p[i] += v[i];
                }
            }
        });
    }

    static void adam(float[] p, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2,
                     float epsilon, long step) {
        float lrT = (float) (lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
        float c1 = 1f - beta1, c2 = 1f - beta2;
        forParams(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g[i];
                m[i] = beta1 * m[i] + c1 * gi;
                v[i] = beta2 * v[i] + c2 * gi * gi;
                p[i] -= lrT * m[i] / ((float) Math.sqrt(v[i]) + epsilon);
            }
        });
    }

    static void rmsprop(float[] p, float[] g, float[] ms, float[] mom, int n, float lr, float rho, float momentum,
                        float epsilon) {
        float c = 1f - rho;
        forParams(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g[i];
                ms[i] = rho * ms[i] + c * gi * gi;
                float delta = lr * gi / (float) Math.sqrt(ms[i] + epsilon); // Keras 3: epsilon inside the root
                if (mom == null) {
                    p[i] -= delta;
                } else {
                    mom[i] = momentum * mom[i] + delta;
                    p[i] -= mom[i];
                }
            }
        });
    }
}
