package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code SGD} (default learning rate 0.01): {@code v = momentum*v - lr*g; p += v}, or with
 * Nesterov {@code p += momentum*v - lr*g}; plain {@code p -= lr*g} without momentum.
 * Settings chain: {@code new SGD(0.01).momentum(0.9).nesterov(true)}.
 */
public final class SGD extends Optimizer {
    private float momentum;
    private boolean nesterov;

    /** Keras's defaults: learning rate 0.01, no momentum. */
    public SGD() {
        this(0.01);
    }

    /** Plain SGD with the given learning rate. */
    public SGD(double learningRate) {
        this(learningRate, 0, false);
    }

    /** Plain SGD following a learning rate schedule. */
    public SGD(LearningRateSchedule schedule) {
        super(schedule);
    }

    /** SGD with momentum in {@code [0, 1)}, Nesterov's form when {@code nesterov}. */
    public SGD(double learningRate, double momentum, boolean nesterov) {
        super(learningRate);
        this.momentum = inRange("momentum", momentum, 0, 1);
        this.nesterov = nesterov;
    }

    /** Sets the momentum, in {@code [0, 1)}; before the first step. */
    public SGD momentum(double momentum) {
        checkNotStarted("momentum");
        this.momentum = inRange("momentum", momentum, 0, 1);
        return this;
    }

    /** Uses Nesterov momentum. */
    public SGD nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    @Override
    protected Tensor[] createState(Tensor param) {
        return momentum == 0f ? new Tensor[0] : new Tensor[] {slot(param)};
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step, float lr) {
        param.backend().sgdUpdate(param, grad, state.length == 0 ? null : state[0], lr, momentum, nesterov);
    }

    @Override
    public List<String> slotNames() {
        return momentum == 0f ? List.of() : List.of("momentum");
    }

    @Override
    public String name() { return "sgd"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("momentum", (double) momentum);
        c.put("nesterov", nesterov);
        return c;
    }
}
