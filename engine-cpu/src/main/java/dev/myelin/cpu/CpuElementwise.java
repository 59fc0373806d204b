package dev.myelin.cpu;

import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.cpu.kernel.ElementKernels;
import dev.myelin.cpu.kernel.Parallel;
import dev.myelin.cpu.kernel.Vectorization;

/**
 * Elementwise arithmetic on arrays. Each op's switch sits outside its loop, so every loop is a
 * plain counted loop the JIT can vectorize; work is split across cores above {@link #GRAIN}.
 */
final class CpuElementwise {
    /** Elements below which forking costs more than it saves (a few microseconds of work). */
    static final int GRAIN = 1 << 15;
    /** Rows of bias laid out for {@link #addBias}: 8, so a block is whole 8-float vectors for any width. */
    private static final int BIAS_ROWS = 8;
    private static final ElementKernels ELEMENT_KERNELS = Vectorization.elementKernels();

    private CpuElementwise() {}

    /**
     * {@code y = x + bias} on each of {@code rows} rows of {@code cols}. The bias is laid out for
     * {@link #BIAS_ROWS} rows at once, so the adds run over long contiguous spans whatever
     * {@code cols} is (LeNet's 20 channels would leave a 4-float tail on every row).
     */
    static void addBias(float[] x, float[] bias, float[] y, int rows, int cols, BufferPool pool) {
        float[] block = pool.acquire(BIAS_ROWS * cols); // from the pool: a training step allocates nothing
        try {
            for (int r = 0; r < BIAS_ROWS; r++) System.arraycopy(bias, 0, block, r * cols, cols);
            Parallel.forRange(rows, Math.max(BIAS_ROWS, GRAIN / Math.max(1, cols)), (r0, r1) -> {
                for (int r = r0; r < r1; r += BIAS_ROWS) {
                    int o = r * cols;
                    ELEMENT_KERNELS.add(x, o, block, 0, y, o, Math.min(BIAS_ROWS, r1 - r) * cols);
                }
            });
        } finally {
            pool.release(block);
        }
    }

    /**
     * {@code y = x + bias} along rows of {@code cols}, then {@code max(y, 0)} when {@code relu}: one
     * pass. As in {@link #addBias}, over blocks of {@link #BIAS_ROWS} rows against the bias repeated
     * as many times: long flat vector loops (row by row, LeNet's 20-channel rows were mostly a
     * scalar tail; as plain loops C2 left them scalar, 12% of LeNet's inference at batch 32).
     */
    static void addBiasActivation(float[] x, float[] bias, boolean relu, float[] y, int rows, int cols, BufferPool pool) {
        float[] block = pool.acquire(BIAS_ROWS * cols);
        try {
            for (int r = 0; r < BIAS_ROWS; r++) System.arraycopy(bias, 0, block, r * cols, cols);
            Parallel.forRange(rows, Math.max(BIAS_ROWS, GRAIN / Math.max(1, cols)), (r0, r1) -> {
                for (int r = r0; r < r1; r += BIAS_ROWS) {
                    int o = r * cols, n = Math.min(BIAS_ROWS, r1 - r) * cols;
                    if (relu) ELEMENT_KERNELS.addRelu(x, o, block, 0, y, o, n);
                    else ELEMENT_KERNELS.add(x, o, block, 0, y, o, n);
                }
            });
        } finally {
            pool.release(block);
        }
    }

    static void unary(UnaryOp op, float[] x, float[] y, int n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            switch (op) {
                case NEG -> { for (int i = from; i < to; i++) y[i] = -x[i]; }
                case EXP -> { for (int i = from; i < to; i++) y[i] = (float) Math.exp(x[i]); }
                case LOG -> { for (int i = from; i < to; i++) y[i] = (float) Math.log(x[i]); }
                case ABS -> { for (int i = from; i < to; i++) y[i] = Math.abs(x[i]); }
                case SQUARE -> { for (int i = from; i < to; i++) y[i] = x[i] * x[i]; }
                case SQRT -> { for (int i = from; i < to; i++) y[i] = (float) Math.sqrt(x[i]); }
                case SIGN -> { for (int i = from; i < to; i++) y[i] = Math.signum(x[i]); }
                case RECIPROCAL -> { for (int i = from; i < to; i++) y[i] = 1f / x[i]; }
            }
        });
    }

    static void unaryBackward(UnaryOp op, float[] x, float[] y, float[] dy, float[] dx, int n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            switch (op) {
                case NEG -> { for (int i = from; i < to; i++) dx[i] = -dy[i]; }
                case EXP -> { for (int i = from; i < to; i++) dx[i] = dy[i] * y[i]; }
                case LOG -> { for (int i = from; i < to; i++) dx[i] = dy[i] / x[i]; }
                case ABS -> { for (int i = from; i < to; i++) dx[i] = dy[i] * Math.signum(x[i]); }
                case SQUARE -> { for (int i = from; i < to; i++) dx[i] = 2f * x[i] * dy[i]; }
                case SQRT -> { for (int i = from; i < to; i++) dx[i] = dy[i] / (2f * y[i]); }
                case SIGN -> { for (int i = from; i < to; i++) dx[i] = 0f; }
                case RECIPROCAL -> { for (int i = from; i < to; i++) dx[i] = -dy[i] * y[i] * y[i]; }
            }
        });
    }

    /** {@code y = a op b} where {@code a} and {@code b} have {@code n} elements, or one of them has one (broadcast). */
    static void binary(BinaryOp op, float[] a, int aSize, float[] b, int bSize, float[] y, int n) {
        if (aSize == n && bSize == n) {
            Parallel.forRange(n, GRAIN, (from, to) -> {
                switch (op) {
                    case ADD -> { for (int i = from; i < to; i++) y[i] = a[i] + b[i]; }
                    case SUB -> { for (int i = from; i < to; i++) y[i] = a[i] - b[i]; }
                    case MUL -> { for (int i = from; i < to; i++) y[i] = a[i] * b[i]; }
                    case DIV -> { for (int i = from; i < to; i++) y[i] = a[i] / b[i]; }
                    case MAX -> { for (int i = from; i < to; i++) y[i] = Math.max(a[i], b[i]); }
                    case MIN -> { for (int i = from; i < to; i++) y[i] = Math.min(a[i], b[i]); }
                }
            });
        } else if (bSize == 1) {
            float s = b[0];
            Parallel.forRange(n, GRAIN, (from, to) -> {
                switch (op) {
                    case ADD -> { for (int i = from; i < to; i++) y[i] = a[i] + s; }
                    case SUB -> { for (int i = from; i < to; i++) y[i] = a[i] - s; }
                    case MUL -> { for (int i = from; i < to; i++) y[i] = a[i] * s; }
                    case DIV -> { for (int i = from; i < to; i++) y[i] = a[i] / s; }
                    case MAX -> { for (int i = from; i < to; i++) y[i] = Math.max(a[i], s); }
                    case MIN -> { for (int i = from; i < to; i++) y[i] = Math.min(a[i], s); }
                }
            });
        } else {
            float s = a[0];
            Parallel.forRange(n, GRAIN, (from, to) -> {
                switch (op) {
                    case ADD -> { for (int i = from; i < to; i++) y[i] = s + b[i]; }
                    case SUB -> { for (int i = from; i < to; i++) y[i] = s - b[i]; }
                    case MUL -> { for (int i = from; i < to; i++) y[i] = s * b[i]; }
                    case DIV -> { for (int i = from; i < to; i++) y[i] = s / b[i]; }
                    case MAX -> { for (int i = from; i < to; i++) y[i] = Math.max(s, b[i]); }
                    case MIN -> { for (int i = from; i < to; i++) y[i] = Math.min(s, b[i]); }
                }
            });
        }
    }

    static void scalar(ScalarOp op, float[] x, float s, float[] y, int n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            switch (op) {
                case ADD -> { for (int i = from; i < to; i++) y[i] = x[i] + s; }
                case MUL -> { for (int i = from; i < to; i++) y[i] = x[i] * s; }
                case RSUB -> { for (int i = from; i < to; i++) y[i] = s - x[i]; }
                case RDIV -> { for (int i = from; i < to; i++) y[i] = s / x[i]; }
                case POW -> pow(x, s, y, from, to);
                case MAX -> { for (int i = from; i < to; i++) y[i] = Math.max(x[i], s); }
                case MIN -> { for (int i = from; i < to; i++) y[i] = Math.min(x[i], s); }
            }
        });
    }

    private static void pow(float[] x, float s, float[] y, int from, int to) {
        if (s == 2f) {
            for (int i = from; i < to; i++) y[i] = x[i] * x[i];
        } else if (s == 1f) {
            System.arraycopy(x, from, y, from, to - from);
        } else {
            for (int i = from; i < to; i++) y[i] = (float) Math.pow(x[i], s);
        }
    }

    /** {@code dst += alpha * src}. */
    static void addInPlace(float[] dst, float[] src, float alpha, int n) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            if (alpha == 1f) {
                for (int i = from; i < to; i++) dst[i] += src[i];
            } else {
                for (int i = from; i < to; i++) dst[i] += alpha * src[i];
            }
        });
    }
}
