package dev.myelin.cpu;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/** Test inputs and comparisons shared by the CPU op tests. */
final class Reference {
    private Reference() {}

    /** Seeded values in [-1, 1). */
    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    /**
     * Asserts {@code |expected - actual| <= tolerance * max(1, |expected|)} element by element:
     * an absolute bound near zero, a relative one for large values.
     */
    static void assertClose(String what, double[] expected, float[] actual, double tolerance) {
        if (expected.length != actual.length) fail(what + ": expected " + expected.length + " values, got " + actual.length);
        for (int i = 0; i < expected.length; i++) {
            double allowed = tolerance * Math.max(1, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= allowed)) {
                fail(what + ": element " + i + ": expected " + expected[i] + ", got " + actual[i] + " (tolerance " + allowed + ")");
            }
        }
    }

    static void assertClose(String what, float[] expected, float[] actual, double tolerance) {
        double[] e = new double[expected.length];
        for (int i = 0; i < e.length; i++) e[i] = expected[i];
        assertClose(what, e, actual, tolerance);
    }

    /** erf by its Taylor series in double: exact to ~1e-9 for |x| <= 4, and |erf| is within 2e-8 of 1 beyond. */
    static double erf(double x) {
        if (Math.abs(x) > 4) return Math.signum(x);
        double term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            double t = term / (2 * n + 1);
            sum += t;
            if (Math.abs(t) < 1e-17) break;
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
