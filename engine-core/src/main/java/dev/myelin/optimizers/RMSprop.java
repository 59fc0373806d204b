package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code RMSprop}: defaults learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7, not
 * centered: {@code v = rho v + (1 - rho) g^2; delta = lr g / sqrt(v + eps)}, centered
 * {@code lr g / sqrt(v - a^2 + eps)} with {@code a} the running mean of {@code g}; with momentum
 * {@code mom = momentum mom + delta; p -= mom}, else {@code p -= delta}.
 * Settings chain: {@code new RMSprop(1e-3).rho(0.95).momentum(0.9).centered(true)}.
 */
public final class RMSprop extends Optimizer {
    private float rho;
    private float momentum;
    private float epsilon;
    private boolean centered;

    /** Keras's defaults. */
    public RMSprop() {
        this(0.001);
    }

    /** RMSprop with the given learning rate and Keras's other defaults. */
    public RMSprop(double learningRate) {
        this(learningRate, 0.9, 0, 1e-7);
    }

    /** RMSprop following a learning rate schedule, Keras's other defaults. */
    public RMSprop(LearningRateSchedule schedule) {
        super(schedule);
        rho(0.9).epsilon(1e-7);
    }

    /** RMSprop with every coefficient given. */
    public RMSprop(double learningRate, double rho, double momentum, double epsilon) {
        super(learningRate);
        rho(rho).momentum(momentum).epsilon(epsilon);
    }

    /** Decay of the mean square, in {@code [0, 1)}. */
    public RMSprop rho(double rho) {
        this.rho = inRange("rho", rho, 0, 1);
        return this;
    }

    /** Momentum, in {@code [0, 1)}; before the first step. */
    public RMSprop momentum(double momentum) {
        checkNotStarted("momentum");
        this.momentum = inRange("momentum", momentum, 0, 1);
        return this;
    }

    /** Added to the mean square under the root, for stability. */
    public RMSprop epsilon(double epsilon) {
        this.epsilon = inRange("epsilon", epsilon, 0, Double.POSITIVE_INFINITY);
        return this;
    }

    /** Normalizes by the variance rather than the mean square of the gradients; before the first step. */
    public RMSprop centered(boolean centered) {
        checkNotStarted("centered");
        this.centered = centered;
        return this;
    }

    @Override
    protected Tensor[] createState(Tensor param) {
        List<Tensor> s = new ArrayList<>(List.of(slot(param)));
        if (momentum > 0) s.add(slot(param));
        if (centered) s.add(slot(param));
        return s.toArray(Tensor[]::new);
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step, float lr) {
        Tensor velocity = state[0], mom = momentum > 0 ? state[1] : null;
        if (!centered) {
            param.backend().rmspropUpdate(param, grad, velocity, mom, lr, rho, momentum, epsilon);
            return;
        }
        UpdateMath u = new UpdateMath(param);
        Tensor average = state[state.length - 1];
        u.average(velocity, u.square(grad), rho);
        u.average(average, grad, rho);
        Tensor increment = u.div(u.scale(grad, lr), u.sqrt(u.plus(u.sub(velocity, u.square(average)), epsilon)));
        if (mom == null) {
            u.addInPlace(param, increment, -1f);
        } else {
            u.set(mom, u.add(u.scale(mom, momentum), increment));
            u.addInPlace(param, mom, -1f);
        }
    }

    @Override
    public List<String> slotNames() {
        List<String> names = new ArrayList<>(List.of("velocity"));
        if (momentum > 0) names.add("momentum");
        if (centered) names.add("average_gradient");
        return names;
    }

    @Override
    public String name() { return "rmsprop"; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("rho", (double) rho);
        c.put("momentum", (double) momentum);
        c.put("epsilon", (double) epsilon);
        c.put("centered", centered);
        return c;
    }
}
