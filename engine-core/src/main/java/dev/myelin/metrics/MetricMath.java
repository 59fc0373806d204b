package dev.myelin.metrics;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/** Backend arithmetic the metrics share; results are temporaries of the update's scope. */
final class MetricMath {
    private MetricMath() {}

    static Tensor mul(Tensor a, Tensor b) { return a.backend().binary(BinaryOp.MUL, a, b); }

    static Tensor sub(Tensor a, Tensor b) { return a.backend().binary(BinaryOp.SUB, a, b); }

    static Tensor oneMinus(Tensor x) { return x.backend().scalar(ScalarOp.RSUB, x, 1f); }

    /** 1 where {@code x > 0}, else 0. */
    static Tensor positive(Tensor x) {
        Backend be = x.backend();
        return be.scalar(ScalarOp.MAX, be.unary(UnaryOp.SIGN, x), 0f);
    }

    /** 1 where {@code x > threshold}, else 0 (Keras's strict comparison). */
    static Tensor above(Tensor x, float threshold) {
        return positive(x.backend().scalar(ScalarOp.ADD, x, -threshold));
    }

    /** 1 where {@code a == b}, else 0. */
    static Tensor equal(Tensor a, Tensor b) {
        Backend be = a.backend();
        return oneMinus(be.unary(UnaryOp.SIGN, be.unary(UnaryOp.ABS, sub(a, b))));
    }

    /** {@code x} viewed as rows {@code (N, rest)}; a rank-1 {@code x} as {@code (N, 1)}. */
    static Tensor rows(Tensor x) {
        int n = x.rank() == 0 ? 1 : x.dim(0);
        return x.view(Shape.of(n, (int) (x.size() / n)));
    }

    /** Per-sample weights {@code (N)} as floats of the batch, checked against {@code n} samples. */
    static Tensor weights(String metric, Tensor w, int n) {
        if (w.size() != n) {
            throw new IllegalArgumentException(metric + ": sample weights of shape " + w.shape() + " do not match the " + n
                    + " samples of the batch");
        }
        return w.view(Shape.of(n));
    }

    /** {@code (N)} weights repeated over the {@code width} values of each sample: {@code (N, width)}. */
    static Tensor perValue(Tensor w, int width) {
        return w.backend().broadcastLastAxis(w, width);
    }

    /** The sum of all elements, shape {@code ()}. */
    static Tensor sum(Tensor x) { return x.backend().sum(x); }

    /** {@code dst += x}, in place. */
    static void add(Tensor dst, Tensor x) {
        dst.backend().addInPlace(dst, x.view(dst.shape()), 1f);
    }
}
