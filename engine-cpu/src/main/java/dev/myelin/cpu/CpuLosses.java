package dev.myelin.cpu;

import dev.myelin.backend.AccuracyKind;
import dev.myelin.cpu.kernel.Parallel;

/** The fused losses, stable for any logits, and the accuracy count. */
final class CpuLosses {
    private static final int GRAIN = CpuElementwise.GRAIN;

    private CpuLosses() {}

    private static int rowGrain(int cols) {
        return Math.max(1, GRAIN / Math.max(1, cols));
    }

    /** Per-row {@code -sum(z * logSoftmax(x))}; sparse labels are class indices. */
    static void softmaxCrossEntropy(float[] x, float[] labels, boolean sparse, float[] loss, int rows, int cols) {
        if (sparse) checkSparseLabels(labels, rows, cols);
        Parallel.forRange(rows, rowGrain(cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * cols;
                float lse = CpuActivations.logSumExp(x, o, cols);
                if (sparse) {
                    loss[r] = lse - x[o + (int) labels[r]];
                } else {
                    double s = 0;
                    for (int j = 0; j < cols; j++) {
                        float z = labels[o + j];
                        if (z != 0f) s += z * (x[o + j] - lse); // skip zeros: 0 * -inf would be NaN
                    }
                    loss[r] = (float) -s;
                }
            }
        });
    }

    /** {@code dx = dLoss * (sum(z) * softmax(x) - z)} per row; {@code sum(z)} is 1 for proper labels. */
    static void softmaxCrossEntropyBackward(float[] x, float[] labels, boolean sparse, float[] dLoss, float[] dx,
                                            int rows, int cols) {
        if (sparse) checkSparseLabels(labels, rows, cols);
        Parallel.forRange(rows, rowGrain(cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * cols;
                float lse = CpuActivations.logSumExp(x, o, cols);
                float g = dLoss[r];
                if (sparse) {
                    for (int j = 0; j < cols; j++) dx[o + j] = g * (float) Math.exp(x[o + j] - lse);
                    dx[o + (int) labels[r]] -= g;
                } else {
                    double zSum = 0;
                    for (int j = 0; j < cols; j++) zSum += labels[o + j];
                    float zs = (float) zSum;
                    for (int j = 0; j < cols; j++) dx[o + j] = g * (zs * (float) Math.exp(x[o + j] - lse) - labels[o + j]);
                }
            }
        });
    }

    private static void checkSparseLabels(float[] labels, int rows, int classes) {
        for (int r = 0; r < rows; r++) {
            float l = labels[r];
            if (!(l >= 0 && l < classes) || l != (int) l) {
                throw new IllegalArgumentException("sparse categorical cross-entropy: label " + l + " of sample " + r
                        + " is not a class index in [0, " + classes + "); the model has " + classes + " outputs");
            }
        }
    }

    /** {@code max(x,0) - x*z + log1p(exp(-|x|))}: equals {@code -z log s(x) - (1-z) log(1-s(x))} without overflow. */
    static void sigmoidCrossEntropy(float[] x, float[] z, float[] loss, int n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = x[i];
                loss[i] = (float) (Math.max(v, 0f) - v * z[i] + Math.log1p(Math.exp(-Math.abs(v))));
            }
        });
    }

    static void sigmoidCrossEntropyBackward(float[] x, float[] z, float[] dy, float[] dx, int n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) dx[i] = dy[i] * (CpuActivations.sigmoid(x[i]) - z[i]);
        });
    }

    static int argmax(float[] x, int o, int cols) {
        int best = 0;
        float max = x[o];
        for (int j = 1; j < cols; j++) {
            if (x[o + j] > max) {
                max = x[o + j];
                best = j;
            }
        }
        return best;
    }

    /**
     * Right predictions: binary compares {@code p > threshold} with {@code label > 0.5}; categorical
     * compares argmaxes; sparse compares the argmax with the class index.
     */
    static int countCorrect(AccuracyKind kind, float[] p, float[] labels, float threshold, int rows, int cols) {
        int correct = 0;
        switch (kind) {
            case BINARY -> {
                int n = rows * cols;
                for (int i = 0; i < n; i++) if ((p[i] > threshold) == (labels[i] > 0.5f)) correct++;
            }
            case CATEGORICAL -> {
                for (int r = 0; r < rows; r++) if (argmax(p, r * cols, cols) == argmax(labels, r * cols, cols)) correct++;
            }
            case SPARSE_CATEGORICAL -> {
                for (int r = 0; r < rows; r++) if (argmax(p, r * cols, cols) == (int) labels[r]) correct++;
            }
        }
        return correct;
    }
}
