package dev.myelin.optimizers;

import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters in place from their gradients with the backend's fused update ops. Per-parameter
 * state (moments, velocities) is created on first use, outside any scope, and lives as long as the
 * optimizer.
 */
public abstract class Optimizer {
    private final Map<Tensor, Tensor[]> state = new IdentityHashMap<>();
    private long iterations;
    protected float learningRate;

    protected Optimizer(float learningRate) {
        setLearningRate(learningRate);
    }

    public float learningRate() { return learningRate; }

    /** Changes the step size from the next update on (Keras's {@code optimizer.learning_rate.assign}), e.g. per epoch. */
    public void setLearningRate(float learningRate) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be positive, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** Steps taken so far (Keras's {@code optimizer.iterations}). */
    public long iterations() { return iterations; }

    /** Applies one update to every parameter that has a gradient. */
    public void step(List<Tensor> params) {
        iterations++;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            Tensor[] s = state.computeIfAbsent(p, this::createState);
            update(p, g, s, iterations);
        }
    }

    /** The state slots for {@code param}, created with {@link #slot}. */
    protected abstract Tensor[] createState(Tensor param);

    /** A zero tensor of the parameter's shape that outlives every scope. */
    protected static Tensor slot(Tensor param) {
        return Scope.escape(param.backend().zeros(param.shape()));
    }

    /** One in-place update; {@code step} counts from 1. */
    protected abstract void update(Tensor param, Tensor grad, Tensor[] state, long step);

    /** Keras's name: {@code sgd}, {@code adam}, {@code rmsprop}. */
    public abstract String name();

    /** Frees the optimizer state. */
    public void release() {
        for (Tensor[] s : state.values()) for (Tensor t : s) if (t != null) t.close();
        state.clear();
    }
}
