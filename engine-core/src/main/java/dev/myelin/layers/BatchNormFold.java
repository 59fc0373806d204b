package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Inference with a {@link BatchNormalization} folded into the {@link Conv2D} before it, as ONNX
 * Runtime does: the batch norm's output is {@code conv(x) * s + t} per output channel, with
 * {@code s = gamma / sqrt(variance + epsilon)} and {@code t} the batch norm of the convolution's
 * bias (of zero without one). The backend's {@link Backend#conv2dScaleShiftActivation} applies
 * {@code s}, {@code t} and the activation of an {@link Activation} layer after the batch norm to
 * the output as it is made (on the CPU, row by row while in cache), instead of a batch-norm pass
 * and an activation pass over the whole output; where an {@link Add} of a residual block comes
 * between the batch norm and the activation, {@link Backend#conv2dScaleShiftAddActivation} adds
 * the shortcut in the same pass. {@code s} and {@code t} are computed on each call
 * from the layers' weights of the moment (two batch norms of one row), so nothing can be stale.
 */
public final class BatchNormFold {
    private BatchNormFold() {}

    /**
     * Whether {@code conv} followed by {@code norm} folds: a plain {@link Conv2D} without an
     * activation of its own (a batch norm after a nonlinearity does not fold), then a batch norm.
     */
    public static boolean folds(Layer conv, Layer norm) {
        return conv instanceof Conv2D c && c.getClass() == Conv2D.class && c.activationName().equals("linear")
                && norm instanceof BatchNormalization;
    }

    /** The activation of {@code next} when it is an {@link Activation} layer, whose activation can run in the folded pass; else null. */
    public static String fusedActivation(Layer next) {
        return next instanceof Activation a ? a.activation() : null;
    }

    /** Whether {@code add} is an {@link Add} of two inputs, whose other input a fold can add to its output. */
    public static boolean addsResidual(Layer add, int inputs) {
        return add instanceof Add && inputs == 2;
    }

    /**
     * {@code activation(norm(conv(x)) + residual)} in inference mode, the batch norm folded into the
     * convolution ({@code activation} "linear" for none, {@code residual} null for none: a residual
     * block's Add). Only for layers {@link #folds} accepts, and not while gradients are recorded
     * (nothing is recorded).
     */
    public static Tensor apply(Layer conv, Layer norm, String activation, Tensor x, Tensor residual) {
        if (!folds(conv, norm) || Ops.recording()) {
            throw new IllegalStateException(conv.describe() + " then " + norm.describe() + " do not fold here");
        }
        Conv2D c = (Conv2D) conv;
        BatchNormalization bn = (BatchNormalization) norm;
        Backend be = x.backend();
        Shape row = Shape.of(1, c.filters());
        Tensor gamma = bn.gammaOrOnes(be), zeros = be.zeros(Shape.of(c.filters()));
        float epsilon = bn.epsilonValue();
        try (Tensor ones = be.full(row, 1f); Tensor bias = c.bias() != null ? c.bias().view(row) : be.zeros(row)) {
            Tensor scale = Ops.batchNormInference(ones, gamma, zeros, zeros, bn.movingVariance(), epsilon).view(Shape.of(c.filters()));
            Tensor shift = Ops.batchNormInference(bias, gamma, bn.betaOrZeros(be), bn.movingMean(), bn.movingVariance(), epsilon)
                    .view(Shape.of(c.filters()));
            return c.callScaleShift(x, scale, shift, residual, activation);
        }
    }
}
