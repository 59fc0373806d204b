package dev.myelin.metrics;

/** Keras's checks and defaults for decision thresholds. */
final class Thresholds {
    /** Keras's {@code backend.epsilon()}, which pads the outermost AUC thresholds and the F-score's divisions. */
    static final double EPSILON = 1e-7;

    private Thresholds() {}

    /** A threshold in {@code [0, 1]}, as Keras requires. */
    static float check(String metric, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException(metric + ": thresholds must be in [0, 1], got " + threshold);
        }
        return (float) threshold;
    }

    /**
     * Keras's AUC thresholds: {@code -eps}, {@code i / (n - 1)} for {@code i = 1 .. n - 2}, {@code 1 + eps},
     * so that predictions of exactly 0 and 1 fall inside.
     */
    static float[] evenlySpaced(int n) {
        float[] t = new float[n];
        t[0] = (float) (0 - EPSILON);
        for (int i = 1; i < n - 1; i++) t[i] = (float) (i * 1.0 / (n - 1));
        t[n - 1] = (float) (1 + EPSILON);
        return t;
    }
}
