package dev.myelin.optimizers;

import dev.myelin.tensor.Tensor;

/** Keras's {@code Adam}: defaults learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
public final class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;

    public Adam() {
        this(0.001f);
    }

    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-7f);
    }

    public Adam(float learningRate, float beta1, float beta2, float epsilon) {
        super(learningRate);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
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
