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

    /** An optimizer with a fixed step size; {@code learningRate} must be positive. */
    protected Optimizer(double learningRate) {
        setLearningRate(learningRate);
    }

    /** The step size of the next update, as the float32 the update uses. */
    public float learningRate() { return learningRate; }

    /** Changes the step size from the next update on (Keras's {@code optimizer.learning_rate.assign}), e.g. per epoch. */
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be positive, got " + learningRate);
        }
        this.learningRate = (float) learningRate;
    }

    /** Throws unless no step has been taken: state slots are shaped by the settings of the first step. */
    protected void checkNotStarted(String setting) {
        if (iterations > 0) {
            throw new IllegalStateException(getClass().getSimpleName() + ": set " + setting + " before the first step");
        }
    }

    /** Throws unless {@code value} lies in {@code [low, high)}. */
    protected final float inRange(String setting, double value, double low, double high) {
        if (!(value >= low && value < high)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + setting + " must be in [" + low + ", " + high
                    + "), got " + value);
        }
        return (float) value;
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
