package dev.myelin.optimizers;

import dev.myelin.tensor.Tensor;

/** Keras's {@code RMSprop}: defaults learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7. */
public final class RMSprop extends Optimizer {
    private final float rho;
    private final float momentum;
    private final float epsilon;

    public RMSprop() {
        this(0.001f);
    }

    public RMSprop(float learningRate) {
        this(learningRate, 0.9f, 0f, 1e-7f);
    }

    public RMSprop(float learningRate, float rho, float momentum, float epsilon) {
        super(learningRate);
        this.rho = rho;
        this.momentum = momentum;
        this.epsilon = epsilon;
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
