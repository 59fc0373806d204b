package dev.myelin.optimizers;

import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Adam}: defaults learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 * Settings chain: {@code new Adam(1e-3).beta1(0.8).epsilon(1e-6)}.
 */
public final class Adam extends Optimizer {
    private float beta1;
    private float beta2;
    private float epsilon;

    /** Keras's defaults. */
    public Adam() {
        this(0.001);
    }

    /** Adam with the given learning rate and Keras's other defaults. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
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

    @Override
    protected Tensor[] createState(Tensor param) {
        return new Tensor[] {slot(param), slot(param)};
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step) {
        param.backend().adamUpdate(param, grad, state[0], state[1], learningRate, beta1, beta2, epsilon, step);
    }

    @Override
    public String name() { return "adam"; }
}
