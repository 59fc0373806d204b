package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Adam}: defaults learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7:
 * {@code m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); p -= lr sqrt(1 - b2^t)/(1 - b1^t) m / (sqrt(v) + eps)};
 * with {@code amsgrad}, {@code v} in the last step is the running maximum of {@code v}.
 * Settings chain: {@code new Adam(1e-3).beta1(0.8).amsgrad(true)}.
 */
public class Adam extends Optimizer {
    private float beta1;
    private float beta2;
    private float epsilon;
    private boolean amsgrad;

    /** Keras's defaults. */
    public Adam() {
        this(0.001);
    }

    /** Adam with the given learning rate and Keras's other defaults. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    /** Adam following a learning rate schedule, Keras's other defaults. */
    public Adam(LearningRateSchedule schedule) {
        super(schedule);
        beta1(0.9).beta2(0.999).epsilon(1e-7);
    }

    /** Adam with every coefficient given. */
    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate);
        beta1(beta1).beta2(beta2).epsilon(epsilon);
    }

    /** Decay of the first moment, in {@code [0, 1)}. */
    public Adam beta1(double beta1) {
        this.beta1 = inRange("beta1", beta1, 0, 1);
        return this;
    }

    /** Decay of the second moment, in {@code [0, 1)}. */
    public Adam beta2(double beta2) {
        this.beta2 = inRange("beta2", beta2, 0, 1);
        return this;
    }

    /** Added to the root of the second moment, for stability. */
    public Adam epsilon(double epsilon) {
        this.epsilon = inRange("epsilon", epsilon, 0, Double.POSITIVE_INFINITY);
        return this;
    }

    /** Uses the AMSGrad variant (Reddi et al., 2018); before the first step. */
    public Adam amsgrad(boolean amsgrad) {
        checkNotStarted("amsgrad");
        this.amsgrad = amsgrad;
        return this;
    }

    @Override
    protected Tensor[] createState(Tensor param) {
        return amsgrad ? new Tensor[] {slot(param), slot(param), slot(param)} : new Tensor[] {slot(param), slot(param)};
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step, float lr) {
        if (!amsgrad) {
            param.backend().adamUpdate(param, grad, state[0], state[1], lr, beta1, beta2, epsilon, step);
            return;
        }
        UpdateMath u = new UpdateMath(param);
        Tensor m = state[0], v = state[1], vHat = state[2];
        float alpha = (float) (lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
        u.average(m, grad, beta1);
        u.average(v, u.square(grad), beta2);
        u.set(vHat, u.max(vHat, v));
        u.addInPlace(param, u.div(m, u.plus(u.sqrt(vHat), epsilon)), -alpha);
    }

    @Override
    public List<String> slotNames() {
        return amsgrad ? List.of("momentum", "velocity", "velocity_hat") : List.of("momentum", "velocity");
    }

    @Override
    public String name() { return "adam"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("beta_1", (double) beta1);
        c.put("beta_2", (double) beta2);
        c.put("epsilon", (double) epsilon);
        c.put("amsgrad", amsgrad);
        return c;
    }
}
