package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Adadelta} (Zeiler, 2012): {@code Eg = rho Eg + (1 - rho) g^2;
 * d = -sqrt(Ed + eps) / sqrt(Eg + eps) g; Ed = rho Ed + (1 - rho) d^2; p += lr d}. Defaults: learning
 * rate 0.001, rho 0.95, epsilon 1e-7.
 */
public final class Adadelta extends Optimizer {
    private float rho = 0.95f;
    private float epsilon = 1e-7f;

    /** Keras's defaults. */
    public Adadelta() {
        this(0.001);
    }

    /** Adadelta with the given learning rate. */
    public Adadelta(double learningRate) {
        super(learningRate);
    }

    /** Adadelta following a learning rate schedule. */
    public Adadelta(LearningRateSchedule schedule) {
        super(schedule);
    }

    /** The decay of both running averages, in {@code [0, 1)}. */
    public Adadelta rho(double rho) {
        this.rho = inRange("rho", rho, 0, 1);
        return this;
    }

    /** Added under both roots, for stability. */
    public Adadelta epsilon(double epsilon) {
        this.epsilon = inRange("epsilon", epsilon, 0, Double.POSITIVE_INFINITY);
        return this;
    }

    @Override
    protected Tensor[] createState(Tensor param) {
        return new Tensor[] {slot(param), slot(param)};
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step, float lr) {
        UpdateMath u = new UpdateMath(param);
        Tensor accGrad = state[0], accDelta = state[1];
        u.average(accGrad, u.square(grad), rho);
        Tensor delta = u.scale(u.div(u.mul(u.sqrt(u.plus(accDelta, epsilon)), grad), u.sqrt(u.plus(accGrad, epsilon))), -1f);
        u.average(accDelta, u.square(delta), rho);
        u.addInPlace(param, delta, lr);
    }

    @Override
    public List<String> slotNames() { return List.of("accumulated_grad", "accumulated_delta_var"); }

    @Override
    public String name() { return "adadelta"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("rho", (double) rho);
        c.put("epsilon", (double) epsilon);
        return c;
    }
}
