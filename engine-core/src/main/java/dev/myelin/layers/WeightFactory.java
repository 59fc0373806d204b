package dev.myelin.layers;

import dev.myelin.backend.CounterRandom;
import dev.myelin.initializers.Initializer;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Creates a model's parameters in build order. Parameter {@code i} is drawn from the stream
 * {@code bits(modelSeed, i)}, so two builds with the same seed give identical weights on any backend.
 * Parameters outlive every scope: their lifetime is the model's.
 */
public final class WeightFactory {
    /** The seed of a model or layer whose user gave none. */
    public static final long DEFAULT_SEED = 1337L;

    private final long modelSeed;
    private int next;
    private long limit = Long.MAX_VALUE;
    private long created;

    /** Draws every layer's initial weights from the model's seed, in build order. */
    public WeightFactory(long modelSeed) {
        this.modelSeed = modelSeed;
    }

    /**
     * Caps the values this factory will create, all parameters together: a model loader sets it to
     * what the weights file holds, so an architecture that needs more is refused before it allocates.
     */
    public WeightFactory limitTo(long values) {
        this.limit = values;
        return this;
    }

    /** The next seed in build order, for a parameter or a layer's own randomness (dropout). */
    public long nextSeed() {
        return CounterRandom.bits(modelSeed, next++);
    }

    /** A trainable parameter drawn by {@code init}; {@code fanIn}/{@code fanOut} as Keras computes them. */
    public Tensor create(Shape shape, Initializer init, int fanIn, int fanOut) {
        reserve(shape);
        Tensor t = Scope.escape(init.create(shape, fanIn, fanOut, nextSeed()));
        return t.requiresGrad(true);
    }

    /**
     * Counts {@code shape}'s values against the limit before they are allocated.
     *
     * @throws WeightLimitException when they would pass it
     */
    public void reserve(Shape shape) {
        if (shape.size() > limit - created) throw new WeightLimitException(created + shape.size(), limit, shape);
        created += shape.size();
    }

    /** A weight the optimizer does not train (a moving statistic): no gradient is kept for it. */
    public Tensor createNonTrainable(Shape shape, Initializer init) {
        reserve(shape);
        return Scope.escape(init.create(shape, shape.dim(-1), shape.dim(-1), nextSeed()));
    }
}
