package dev.myelin.cpu;

import dev.myelin.cpu.kernel.Parallel;

/** Fused optimizer updates, in place, in Keras's formulations (see the SPI's javadoc). */
final class CpuOptimizers {
    private static final int GRAIN = CpuElementwise.GRAIN;

    private CpuOptimizers() {}

    static void sgd(float[] p, float[] g, float[] v, int n, float lr, float momentum, boolean nesterov) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
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
        Parallel.forRange(n, GRAIN, (from, to) -> {
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
        Parallel.forRange(n, GRAIN, (from, to) -> {
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
