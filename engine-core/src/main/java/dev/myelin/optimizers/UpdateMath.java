package dev.myelin.optimizers;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.ScalarOp;
import dev.myelin.backend.UnaryOp;
import dev.myelin.tensor.Tensor;

/**
 * Elementwise backend arithmetic for the update rules composed of ops rather than fused: they run on
 * every backend at once. Results are temporaries of the optimizer step's scope.
 */
final class UpdateMath {
    private final Backend be;

    UpdateMath(Tensor like) {
        this.be = like.backend();
    }

    Tensor add(Tensor a, Tensor b) { return be.binary(BinaryOp.ADD, a, b); }

    Tensor sub(Tensor a, Tensor b) { return be.binary(BinaryOp.SUB, a, b); }

    Tensor mul(Tensor a, Tensor b) { return be.binary(BinaryOp.MUL, a, b); }

    Tensor div(Tensor a, Tensor b) { return be.binary(BinaryOp.DIV, a, b); }

    Tensor max(Tensor a, Tensor b) { return be.binary(BinaryOp.MAX, a, b); }

    Tensor scale(Tensor a, float s) { return be.scalar(ScalarOp.MUL, a, s); }

    Tensor plus(Tensor a, float s) { return be.scalar(ScalarOp.ADD, a, s); }

    Tensor sqrt(Tensor a) { return be.unary(UnaryOp.SQRT, a); }

    Tensor square(Tensor a) { return be.unary(UnaryOp.SQUARE, a); }

    Tensor abs(Tensor a) { return be.unary(UnaryOp.ABS, a); }

    Tensor sign(Tensor a) { return be.unary(UnaryOp.SIGN, a); }

    /** {@code avg = rho * avg + (1 - rho) * x}, in place, written as Keras writes it: {@code avg += (x - avg)(1 - rho)}. */
    void average(Tensor avg, Tensor x, float rho) {
        be.addInPlace(avg, sub(x, avg), 1f - rho);
    }

    /** {@code dst = src}, in place. */
    void set(Tensor dst, Tensor src) { be.copyInto(src, dst); }

    /** {@code dst += alpha * x}, in place. */
    void addInPlace(Tensor dst, Tensor x, float alpha) { be.addInPlace(dst, x, alpha); }
}
