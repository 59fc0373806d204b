package dev.myelin.initializers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Backends;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Orthogonal} (gain 1): the Q factor of a matrix of standard normal draws, shaped
 * {@code (max(rows, cols), min(rows, cols))} where {@code cols} is the last axis and {@code rows}
 * the product of the others, with the signs of R's diagonal folded in (so the result is unique),
 * transposed back when there are fewer rows than columns. Keras's default for recurrent kernels.
 * The factorization runs once, on the host, by Gram-Schmidt in double with a second pass of
 * re-orthogonalization; Gram-Schmidt's R has a positive diagonal, so no sign flip is left to do.
 */
public final class Orthogonal implements Initializer {
    @Override
    public Tensor create(Shape shape, int fanIn, int fanOut, long seed) {
        if (shape.rank() < 2) throw new IllegalArgumentException("the orthogonal initializer needs a shape of rank 2 or more, got " + shape);
        int cols = shape.dim(-1), rows = (int) (shape.size() / cols);
        int tall = Math.max(rows, cols), narrow = Math.min(rows, cols);
        Backend be = Backends.current();
        float[] draws;
        try (Tensor a = be.randomNormal(Shape.of(tall, narrow), 0f, 1f, false, seed)) {
            draws = a.toArray();
        }
        double[][] q = new double[narrow][tall];   // columns of the tall matrix
        for (int i = 0; i < tall; i++) for (int j = 0; j < narrow; j++) q[j][i] = draws[i * narrow + j];
        for (int j = 0; j < narrow; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < tall; i++) dot += q[k][i] * q[j][i];
                    for (int i = 0; i < tall; i++) q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < tall; i++) norm += q[j][i] * q[j][i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < tall; i++) q[j][i] /= norm;
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[r * cols + c] = (float) (rows >= cols ? q[c][r] : q[r][c]);
        }
        return be.fromArray(shape, out, 0);
    }

    @Override
    public String name() { return "orthogonal"; }
}
