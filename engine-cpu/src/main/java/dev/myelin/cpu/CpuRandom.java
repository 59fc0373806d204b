package dev.myelin.cpu;

import dev.myelin.backend.CounterRandom;
import dev.myelin.cpu.kernel.Parallel;

/** Random draws where element {@code i} uses draw {@code i} of {@link CounterRandom}, as every backend does. */
final class CpuRandom {
    private static final int GRAIN = 1 << 13;

    private CpuRandom() {}

    static void uniform(float[] y, int n, float low, float high, long seed) {
        float span = high - low;
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) y[i] = low + span * CounterRandom.uniform(seed, i);
        });
    }

    static void normal(float[] y, int n, float mean, float stddev, boolean truncated, long seed) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                float z = truncated ? CounterRandom.truncatedNormal(seed, i) : CounterRandom.normal(seed, i);
                y[i] = mean + stddev * z;
            }
        });
    }

    /** Element {@code i} is dropped iff {@code uniform(seed, i) < rate}; kept ones are scaled by {@code 1/(1-rate)}. */
    static void dropout(float[] x, float[] y, int n, float rate, long seed) {
        float scale = rate >= 1f ? 0f : 1f / (1f - rate);
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) y[i] = CounterRandom.uniform(seed, i) < rate ? 0f : x[i] * scale;
        });
    }
}
