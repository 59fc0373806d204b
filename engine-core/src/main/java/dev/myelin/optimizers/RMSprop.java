package dev.myelin.optimizers;

import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code RMSprop}: defaults learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7.
 * Settings chain: {@code new RMSprop(1e-3).rho(0.95).momentum(0.9)}.
 */
public final class RMSprop extends Optimizer {
    private float rho;
    private float momentum;
    private float epsilon;

    /** Keras's defaults. */
    public RMSprop() {
        this(0.001);
    }

    /** RMSprop with the given learning rate and Keras's other defaults. */
    public RMSprop(double learningRate) {
        this(learningRate, 0.9, 0, 1e-7);
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

    /** Added to the root of the mean square, for stability. */
    public RMSprop epsilon(double epsilon) {
        this.epsilon = inRange("epsilon", epsilon, 0, Double.POSITIVE_INFINITY);
        return this;
    }

    @Override
    protected Tensor[] createState(Tensor param) {
        return new Tensor[] {slot(param), momentum == 0f ? null : slot(param)};
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step) {
        param.backend().rmspropUpdate(param, grad, state[0], state[1], learningRate, rho, momentum, epsilon);
    }

    @Override
    public String name() { return "rmsprop"; }
}
