package dev.myelin.backend;

/**
 * Counter-based random numbers: draw {@code i} of stream {@code seed} is a hash of both, so any
 * backend (a CUDA thread per element, a Java loop split across cores) draws the same values.
 * The hash is SplitMix64's finalizer; CUDA kernels implement the same arithmetic on uint64.
 */
public final class CounterRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private CounterRandom() {}

    /** SplitMix64's finalizer: a well-mixed 64-bit value from {@code z}, the step of every counter-based stream. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64 random bits for draw {@code index} of stream {@code seed}. */
    public static long bits(long seed, long index) {
        return mix(mix(seed) + (index + 1) * GOLDEN);
    }

    /** Uniform in [0, 1), 24 bits. */
    public static float uniform(long seed, long index) {
        return (bits(seed, index) >>> 40) * 0x1p-24f;
    }

    /** Standard normal by Box-Muller from draws {@code 2*index} and {@code 2*index+1}. */
    public static float normal(long seed, long index) {
        float u1 = ((bits(seed, 2 * index) >>> 40) + 1) * 0x1p-24f; // (0, 1]: log stays finite
        float u2 = (bits(seed, 2 * index + 1) >>> 40) * 0x1p-24f;
        return (float) (Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2));
    }

    /** Standard normal redrawn (with a new stream per attempt) until within two standard deviations. */
    public static float truncatedNormal(long seed, long index) {
        for (long attempt = 0; ; attempt++) {
            float z = normal(seed + attempt * GOLDEN, index);
            if (Math.abs(z) <= 2f) return z;
        }
    }
}
