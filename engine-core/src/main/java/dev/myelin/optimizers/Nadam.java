package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Nadam} (Dozat, 2016): Adam with Nesterov momentum and the momentum schedule
 * {@code u_t = b1 (1 - 0.5 * 0.96^t)}: {@code m_hat = u_{t+1} m / (1 - prod_{i<=t+1} u_i)
 * + (1 - u_t) g / (1 - prod_{i<=t} u_i); p -= lr m_hat / (sqrt(v / (1 - b2^t)) + eps)}. The product
 * is a function of the step, so it is computed from it (no state beyond the two moments).
 * Defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
public final class Nadam extends Optimizer {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-7f;

    /** Keras's defaults. */
    public Nadam() {
        this(0.001);
    }

    /** Nadam with the given learning rate. */
    public Nadam(double learningRate) {
        super(learningRate);
    }

    /** Nadam following a learning rate schedule. */
    public Nadam(LearningRateSchedule schedule) {
        super(schedule);
    }

    /** Decay of the first moment, in {@code [0, 1)}. */
    public Nadam beta1(double beta1) {
        this.beta1 = inRange("beta1", beta1, 0, 1);
        return this;
    }

    /** Decay of the second moment, in {@code [0, 1)}. */
    public Nadam beta2(double beta2) {
        this.beta2 = inRange("beta2", beta2, 0, 1);
        return this;
    }

    /** Added to the root of the second moment, for stability. */
    public Nadam epsilon(double epsilon) {
        this.epsilon = inRange("epsilon", epsilon, 0, Double.POSITIVE_INFINITY);
        return this;
    }

    private double momentumAt(long t) {
        return beta1 * (1 - 0.5 * Math.pow(0.96, t));
    }

    @Override
    protected Tensor[] createState(Tensor param) {
        return new Tensor[] {slot(param), slot(param)};
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step, float lr) {
        double uT = momentumAt(step), uNext = momentumAt(step + 1), product = 1;
        for (long i = 1; i <= step; i++) product *= momentumAt(i); // Keras's u_product, kept there as a variable
        double productNext = product * uNext;
        UpdateMath u = new UpdateMath(param);
        Tensor m = state[0], v = state[1];
        u.average(m, grad, beta1);
        u.average(v, u.square(grad), beta2);
        Tensor mHat = u.add(u.scale(m, (float) (uNext / (1 - productNext))), u.scale(grad, (float) ((1 - uT) / (1 - product))));
        Tensor vHat = u.scale(v, (float) (1 / (1 - Math.pow(beta2, step))));
        u.addInPlace(param, u.div(mHat, u.plus(u.sqrt(vHat), epsilon)), -lr);
    }

    @Override
    public List<String> slotNames() { return List.of("momentum", "velocity"); }

    @Override
    public String name() { return "nadam"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("beta_1", (double) beta1);
        c.put("beta_2", (double) beta2);
        c.put("epsilon", (double) epsilon);
        return c;
    }
}
