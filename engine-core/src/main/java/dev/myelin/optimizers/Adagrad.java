package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Adagrad} (Duchi et al., 2011): {@code acc += g^2; p -= lr g / sqrt(acc + eps)}, the
 * accumulator starting at 0.1. Defaults: learning rate 0.001, initial accumulator 0.1, epsilon 1e-7.
 */
public final class Adagrad extends Optimizer {
    private float initialAccumulatorValue = 0.1f;
    private float epsilon = 1e-7f;

    /** Keras's defaults. */
    public Adagrad() {
        this(0.001);
    }

    /** Adagrad with the given learning rate. */
    public Adagrad(double learningRate) {
        super(learningRate);
    }

    /** Adagrad following a learning rate schedule. */
    public Adagrad(LearningRateSchedule schedule) {
        super(schedule);
    }

    /** The accumulator's starting value, at least 0; before the first step. */
    public Adagrad initialAccumulatorValue(double value) {
        checkNotStarted("the initial accumulator value");
        this.initialAccumulatorValue = inRange("initial accumulator value", value, 0, Double.POSITIVE_INFINITY);
        return this;
    }

    /** Added to the accumulator under the root, for stability. */
    public Adagrad epsilon(double epsilon) {
        this.epsilon = inRange("epsilon", epsilon, 0, Double.POSITIVE_INFINITY);
        return this;
    }

    @Override
    protected Tensor[] createState(Tensor param) {
        return new Tensor[] {filledSlot(param, initialAccumulatorValue)};
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step, float lr) {
        UpdateMath u = new UpdateMath(param);
        Tensor acc = state[0];
        u.addInPlace(acc, u.square(grad), 1f);
        u.addInPlace(param, u.div(grad, u.sqrt(u.plus(acc, epsilon))), -lr);
    }

    @Override
    public List<String> slotNames() { return List.of("accumulator"); }

    @Override
    public String name() { return "adagrad"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("initial_accumulator_value", (double) initialAccumulatorValue);
        c.put("epsilon", (double) epsilon);
        return c;
    }
}
