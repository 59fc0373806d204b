package dev.myelin.testing;

import dev.myelin.backend.Backend;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks autograd against central finite differences, the way tinygrad and PyTorch's gradcheck do:
 * the scalar {@code L = sum(f(inputs) * R)}, with {@code R} a fixed random projection so every
 * output element matters, is differentiated by {@code backward()} and numerically, input by input.
 *
 * <p>Tolerance: float32 central differences with step {@code h} carry a rounding error of about
 * {@code ulp(L)/h} and a truncation error of about {@code h^2 |f'''|}; with {@code h = 1e-2} and
 * values of order one both stay under 1e-3 relative, so {@code 2e-2} relative to the larger of the
 * two gradients (plus 1e-3 absolute) flags a wrong gradient without flagging float noise.
 * Functions with kinks (relu, max, abs) must be checked on inputs away from them.
 */
public final class GradientCheck {
    public static final double STEP = 1e-2;
    public static final double RELATIVE = 2e-2;
    public static final double ABSOLUTE = 1e-3;

    private GradientCheck() {}

    /** Random values in [-1, 1) (seeded), of the given shape's size. */
    public static float[] random(Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[shape.sizeAsInt()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    /**
     * Asserts that {@code f}'s autograd gradients match finite differences for every input flagged
     * in {@code differentiate} (others, e.g. labels, are passed as constants).
     */
    public static void check(Backend be, String what, Function<Tensor[], Tensor> f, Shape[] shapes, float[][] values,
                             boolean[] differentiate) {
        float[] projection;
        float[][] analytic = new float[shapes.length][];
        try (Scope scope = Scope.open()) {
            Tensor[] in = new Tensor[shapes.length];
            for (int i = 0; i < shapes.length; i++) {
                in[i] = be.fromArray(shapes[i], values[i], 0);
                if (differentiate[i]) in[i].requiresGrad(true);
            }
            Tensor out = f.apply(in);
            projection = random(out.shape(), 7);
            Tensor r = be.fromArray(out.shape(), projection, 0);
            Tensor loss = Ops.sum(Ops.mul(out, r));
            loss.backward();
            for (int i = 0; i < shapes.length; i++) {
                if (!differentiate[i]) continue;
                assertNotNull(in[i].grad(), what + ": no gradient reached input " + i);
                analytic[i] = in[i].grad().toArray();
            }
        }
        for (int i = 0; i < shapes.length; i++) {
            if (!differentiate[i]) continue;
            float[] x = values[i].clone();
            for (int j = 0; j < x.length; j++) {
                float saved = x[j];
                x[j] = (float) (saved + STEP);
                double plus = evaluate(be, f, shapes, values, i, x, projection);
                x[j] = (float) (saved - STEP);
                double minus = evaluate(be, f, shapes, values, i, x, projection);
                x[j] = saved;
                double numeric = (plus - minus) / (2 * STEP);
                double got = analytic[i][j];
                double allowed = ABSOLUTE + RELATIVE * Math.max(Math.abs(numeric), Math.abs(got));
                if (Math.abs(numeric - got) > allowed || Double.isNaN(got)) {
                    fail(what + ": gradient of input " + i + " " + shapes[i] + " at element " + j + ": autograd " + got
                            + ", finite difference " + numeric);
                }
            }
        }
    }

    private static double evaluate(Backend be, Function<Tensor[], Tensor> f, Shape[] shapes, float[][] values,
                                   int replaced, float[] x, float[] projection) {
        try (Scope scope = Scope.open()) {
            Tensor[] in = new Tensor[shapes.length];
            for (int i = 0; i < shapes.length; i++) in[i] = be.fromArray(shapes[i], i == replaced ? x : values[i], 0);
            float[] out = f.apply(in).toArray();
            double sum = 0;
            for (int k = 0; k < out.length; k++) sum += (double) out[k] * projection[k];
            return sum;
        }
    }
}
