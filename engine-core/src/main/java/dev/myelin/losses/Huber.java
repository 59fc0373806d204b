package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code huber} loss: per element {@code 0.5 e^2} where {@code |e| <= delta}, else
 * {@code delta |e| - 0.5 delta^2}, averaged over the last axis; {@code delta} defaults to 1.
 */
public final class Huber extends ReducingLoss {
    private final float delta;

    /** Keras's default {@code delta = 1}. */
    public Huber() {
        this(1.0);
    }

    /** Quadratic within {@code delta} of the target, linear beyond. */
    public Huber(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        this.delta = (float) delta;
    }

    /** Where the loss turns from quadratic to linear. */
    public double delta() { return delta; }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor p = LossSupport.outputs(yPred);
        Tensor t = LossSupport.matchShape(name(), yTrue, p);
        // with q = min(|e|, delta): 0.5 q^2 + delta (|e| - q) is both branches in one differentiable expression
        Tensor a = Ops.abs(Ops.sub(p, t));
        Tensor q = Ops.scalar(ScalarOp.MIN, a, delta);
        Tensor perElement = Ops.add(Ops.mulScalar(Ops.square(q), 0.5f), Ops.mulScalar(Ops.sub(a, q), delta));
        return Ops.meanLastAxis(perElement);
    }

    @Override
    public String name() { return "huber_loss"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("delta", (double) delta);
        return c;
    }
}
