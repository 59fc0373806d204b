package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.cpu.kernel.ElementKernels;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Vectorization;

/** Elementwise activations and their gradients; softmax and log-softmax over the last axis. */
final class CpuActivations {
    private static final int GRAIN = CpuElementwise.GRAIN;
    private static final ElementKernels ELEMENT_KERNELS = Vectorization.elementKernels();

    private CpuActivations() {}

    /** Logistic function without overflow: {@code exp} only ever sees a non-positive argument. */
    static float sigmoid(float x) {
        if (x >= 0) return (float) (1.0 / (1.0 + Math.exp(-x)));
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    static void forward(ActivationKind kind, float alpha, float[] x, float[] y, int n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            switch (kind) {
                case LINEAR -> System.arraycopy(x, from, y, from, to - from);
                case RELU -> { for (int i = from; i < to; i++) y[i] = Math.max(x[i], 0f); }
                case SIGMOID -> { for (int i = from; i < to; i++) y[i] = sigmoid(x[i]); }
                case TANH -> { for (int i = from; i < to; i++) y[i] = (float) Math.tanh(x[i]); }
                case LEAKY_RELU -> { for (int i = from; i < to; i++) y[i] = x[i] >= 0 ? x[i] : alpha * x[i]; }
                case ELU -> { for (int i = from; i < to; i++) y[i] = x[i] > 0 ? x[i] : (float) (alpha * Math.expm1(x[i])); }
                case GELU -> { for (int i = from; i < to; i++) y[i] = (float) (x[i] * Erf.phi(x[i])); }
                default -> { for (int i = from; i < to; i++) y[i] = (float) MoreActivations.forward(kind, x[i]); }
            }
        });
    }

    static void backward(ActivationKind kind, float alpha, float[] x, float[] y, float[] dy, float[] dx, int n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            switch (kind) {
                case LINEAR -> System.arraycopy(dy, from, dx, from, to - from);
                case RELU -> ELEMENT_KERNELS.reluBackward(x, dy, dx, from, to);
                case SIGMOID -> { for (int i = from; i < to; i++) dx[i] = dy[i] * y[i] * (1f - y[i]); }
                case TANH -> { for (int i = from; i < to; i++) dx[i] = dy[i] * (1f - y[i] * y[i]); }
                case LEAKY_RELU -> { for (int i = from; i < to; i++) dx[i] = x[i] >= 0 ? dy[i] : alpha * dy[i]; }
                // For x <= 0, y = alpha*(e^x - 1), so dy/dx = alpha*e^x = y + alpha.
                case ELU -> { for (int i = from; i < to; i++) dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha); }
                case GELU -> {
                    for (int i = from; i < to; i++) dx[i] = (float) (dy[i] * (Erf.phi(x[i]) + x[i] * Erf.density(x[i])));
                }
                default -> { for (int i = from; i < to; i++) dx[i] = (float) (dy[i] * MoreActivations.derivative(kind, x[i])); }
            }
        });
    }

    private static int rowGrain(int cols) {
        return Math.max(1, GRAIN / Math.max(1, cols));
    }

    static void softmax(float[] x, float[] y, int rows, int cols) {
        Parallel.forRange(rows, rowGrain(cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * cols;
                float max = rowMax(x, o, cols);
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    float e = (float) Math.exp(x[o + j] - max);
                    y[o + j] = e;
                    sum += e;
                }
                float inv = (float) (1.0 / sum);
                for (int j = 0; j < cols; j++) y[o + j] *= inv;
            }
        });
    }

    /** {@code dx = y * (dy - sum(dy * y))} per row. */
    static void softmaxBackward(float[] y, float[] dy, float[] dx, int rows, int cols) {
        Parallel.forRange(rows, rowGrain(cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * cols;
                double dot = 0;
                for (int j = 0; j < cols; j++) dot += dy[o + j] * y[o + j];
                float d = (float) dot;
                for (int j = 0; j < cols; j++) dx[o + j] = y[o + j] * (dy[o + j] - d);
            }
        });
    }

    static void logSoftmax(float[] x, float[] y, int rows, int cols) {
        Parallel.forRange(rows, rowGrain(cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * cols;
                float lse = logSumExp(x, o, cols);
                for (int j = 0; j < cols; j++) y[o + j] = x[o + j] - lse;
            }
        });
    }

    /** {@code dx = dy - exp(y) * sum(dy)} per row. */
    static void logSoftmaxBackward(float[] y, float[] dy, float[] dx, int rows, int cols) {
        Parallel.forRange(rows, rowGrain(cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * cols;
                double sum = 0;
                for (int j = 0; j < cols; j++) sum += dy[o + j];
                float s = (float) sum;
                for (int j = 0; j < cols; j++) dx[o + j] = dy[o + j] - (float) Math.exp(y[o + j]) * s;
            }
        });
    }

    static float rowMax(float[] x, int o, int cols) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) max = Math.max(max, x[o + j]);
        return max;
    }

    /** {@code log(sum(exp(x)))} of one row, shifted by its maximum so no exp overflows. */
    static float logSumExp(float[] x, int o, int cols) {
        float max = rowMax(x, o, cols);
        if (max == Float.NEGATIVE_INFINITY) return max;
        double sum = 0;
        for (int j = 0; j < cols; j++) sum += Math.exp(x[o + j] - max);
        return (float) (max + Math.log(sum));
    }
}
