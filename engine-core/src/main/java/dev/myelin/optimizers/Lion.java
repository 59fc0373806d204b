package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Lion} (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"):
 * {@code p -= lr sign(b1 m + (1 - b1) g); m = b2 m + (1 - b2) g}. Defaults: learning rate 0.001,
 * beta1 0.9, beta2 0.99.
 */
public final class Lion extends Optimizer {
    private float beta1 = 0.9f;
    private float beta2 = 0.99f;

    /** Keras's defaults. */
    public Lion() {
        this(0.001);
    }

    /** Lion with the given learning rate. */
    public Lion(double learningRate) {
        super(learningRate);
    }

    /** Lion following a learning rate schedule. */
    public Lion(LearningRateSchedule schedule) {
        super(schedule);
    }

    /** The interpolation of the update's direction, in {@code (0, 1]} (0 would make Lion signSGD, which Keras refuses). */
    public Lion beta1(double beta1) {
        if (!(beta1 > 0 && beta1 <= 1)) throw new IllegalArgumentException("Lion: beta1 must be in (0, 1], got " + beta1);
        this.beta1 = (float) beta1;
        return this;
    }

    /** Decay of the momentum, in {@code [0, 1)}. */
    public Lion beta2(double beta2) {
        this.beta2 = inRange("beta2", beta2, 0, 1);
        return this;
    }

    @Override
    protected Tensor[] createState(Tensor param) {
        return new Tensor[] {slot(param)};
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step, float lr) {
        UpdateMath u = new UpdateMath(param);
        Tensor m = state[0];
        Tensor direction = u.sign(u.add(u.scale(m, beta1), u.scale(grad, 1f - beta1)));
        u.addInPlace(param, direction, -lr);
        u.average(m, grad, beta2);
    }

    @Override
    public List<String> slotNames() { return List.of("momentum"); }

    @Override
    public String name() { return "lion"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("beta_1", (double) beta1);
        c.put("beta_2", (double) beta2);
        return c;
    }
}
