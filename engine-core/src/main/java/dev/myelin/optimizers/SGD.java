package dev.myelin.optimizers;

import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code SGD} (default learning rate 0.01): {@code v = momentum*v - lr*g; p += v}, or with
 * Nesterov {@code p += momentum*v - lr*g}; plain {@code p -= lr*g} without momentum.
 */
public final class SGD extends Optimizer {
    private final float momentum;
    private final boolean nesterov;

    public SGD() {
        this(0.01f);
    }

    public SGD(float learningRate) {
        this(learningRate, 0f, false);
    }

    public SGD(float learningRate, float momentum, boolean nesterov) {
        super(learningRate);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected Tensor[] createState(Tensor param) {
        return new Tensor[] {momentum == 0f ? null : slot(param)};
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step) {
        param.backend().sgdUpdate(param, grad, state[0], learningRate, momentum, nesterov);
    }

    @Override
    public String name() { return "sgd"; }
}
