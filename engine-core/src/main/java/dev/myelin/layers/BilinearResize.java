package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Bilinear resizing of NHWC images as Keras's {@code ops.image.resize} does it without antialiasing:
 * half-pixel centres, output {@code j} reading source position {@code (j + 0.5) * in / out - 0.5},
 * the edges clamped. Composed of ops: per axis a product with a small interpolation matrix, kept on
 * the device and made once per size. A layer owns one and releases it.
 */
final class BilinearResize {
    private Tensor rows, columns;

    /** {@code x} resized to {@code outH x outW}. */
    Tensor apply(Tensor x, int outH, int outW) {
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        Backend be = x.backend();
        if (rows == null || rows.backend() != be || rows.dim(0) != outH || rows.dim(1) != h || columns.dim(0) != outW || columns.dim(1) != w) {
            release();
            rows = Scope.escape(be.fromArray(Shape.of(outH, h), matrix(h, outH), 0));
            columns = Scope.escape(be.fromArray(Shape.of(outW, w), matrix(w, outW), 0));
        }
        // Width: (W, N*H*C) rows, times the (W', W) matrix, back to (N, H, W', C).
        Tensor t = Ops.reshape(Ops.transpose(x, 2, 0, 1, 3), Shape.of(w, n * h * c));
        t = Ops.transpose(Ops.reshape(Ops.matmul(columns, t), Shape.of(outW, n, h, c)), 1, 2, 0, 3);
        // Height: the same on (H, N*W'*C).
        Tensor u = Ops.reshape(Ops.transpose(t, 1, 0, 2, 3), Shape.of(h, n * outW * c));
        return Ops.transpose(Ops.reshape(Ops.matmul(rows, u), Shape.of(outH, n, outW, c)), 1, 0, 2, 3);
    }

    /** Row {@code j} holds output {@code j}'s weights over the {@code in} inputs: linear between the two neighbours of its source position, clamped to the edge pixels. */
    static float[] matrix(int in, int out) {
        float[] m = new float[out * in];
        double scale = (double) in / out;
        for (int j = 0; j < out; j++) {
            double f = (j + 0.5) * scale - 0.5;
            int i0 = (int) Math.floor(f);
            double t = f - i0;
            m[j * in + Math.clamp(i0, 0, in - 1)] += (float) (1 - t);
            m[j * in + Math.clamp(i0 + 1, 0, in - 1)] += (float) t;
        }
        return m;
    }

    void release() {
        if (rows != null) rows.close();
        if (columns != null) columns.close();
        rows = columns = null;
    }
}
