package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Adamax} (Kingma and Ba, 2015, section 7): {@code m += (g - m)(1 - b1);
 * u = max(b2 u, |g|); p -= lr m / ((1 - b1^t)(u + eps))}. Defaults: learning rate 0.001, beta1 0.9,
 * beta2 0.999, epsilon 1e-7.
 */
public final class Adamax extends Optimizer {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-7f;

    /** Keras's defaults. */
    public Adamax() {
        this(0.001);
    }

    /** Adamax with the given learning rate. */
    public Adamax(double learningRate) {
        super(learningRate);
    }

    /** Adamax following a learning rate schedule. */
    public Adamax(LearningRateSchedule schedule) {
        super(schedule);
    }

    /** Decay of the first moment, in {@code [0, 1)}. */
    public Adamax beta1(double beta1) {
        this.beta1 = inRange("beta1", beta1, 0, 1);
        return this;
    }

    /** Decay of the infinity norm, in {@code [0, 1)}. */
    public Adamax beta2(double beta2) {
        this.beta2 = inRange("beta2", beta2, 0, 1);
        return this;
    }

    /** Added to the norm, for stability. */
    public Adamax epsilon(double epsilon) {
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
        Tensor m = state[0], norm = state[1];
        u.average(m, grad, beta1);
        u.set(norm, u.max(u.scale(norm, beta2), u.abs(grad)));
        float correction = (float) (1 - Math.pow(beta1, step));
        u.addInPlace(param, u.div(m, u.scale(u.plus(norm, epsilon), correction)), -lr);
    }

    @Override
    public List<String> slotNames() { return List.of("momentum", "norm"); }

    @Override
    public String name() { return "adamax"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("beta_1", (double) beta1);
        c.put("beta_2", (double) beta2);
        c.put("epsilon", (double) epsilon);
        return c;
    }
}
