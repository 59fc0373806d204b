package dev.myelin.layers;

import dev.myelin.regularizers.Regularizer;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

/** Sums weight penalties for layers whose regularizers Keras names otherwise than kernel and bias (depthwise, pointwise). */
final class Penalties {
    private Penalties() {}

    /** {@code a}'s penalty on {@code wa} plus {@code b}'s on {@code wb}, skipping absent ones; null when none applies. */
    static Tensor sum(Regularizer a, Tensor wa, Regularizer b, Tensor wb) {
        Tensor total = a != null && wa != null ? a.penalty(wa) : null;
        if (b != null && wb != null) {
            Tensor p = b.penalty(wb);
            total = total == null ? p : Ops.add(total, p);
        }
        return total;
    }
}
