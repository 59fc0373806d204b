package dev.myelin.losses;

import dev.myelin.backend.ScalarOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loss computed per sample and then reduced, as Keras's {@code LossFunctionWrapper}: subclasses
 * give the per-sample values ({@link #perSample}), this class applies sample weights, an optional
 * mask and the {@link Reduction}.
 */
public abstract class ReducingLoss implements Loss {
    private Reduction reduction = Reduction.SUM_OVER_BATCH_SIZE;

    /** How the per-sample values are reduced; {@code sum_over_batch_size} unless set. */
    public Reduction reduction() { return reduction; }

    /** Sets the reduction (Keras's {@code reduction=}). */
    public ReducingLoss reduction(Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(name() + ": reduction must not be null");
        this.reduction = reduction;
        return this;
    }

    /**
     * The per-sample values, shaped as {@code yPred} without its last axis: Keras's loss function
     * ({@code keras.losses.mean_squared_error} and kin). Inputs are as {@link #compute} gets them.
     */
    public abstract Tensor perSample(Tensor yTrue, Tensor yPred);

    /** 1 for the per-sample values that count and 0 for those that do not, or null when all count. */
    protected Tensor mask(Tensor yTrue, Tensor yPred) {
        return null;
    }

    @Override
    public final Tensor compute(Tensor yTrue, Tensor yPred) {
        return compute(yTrue, yPred, null);
    }

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor values = perSample(yTrue, yPred);
        Tensor weights = sampleWeight == null ? null : LossSupport.weightsLike(name(), sampleWeight, values);
        Tensor mask = mask(yTrue, yPred);
        if (mask != null) {
            if (reduction == Reduction.SUM_OVER_BATCH_SIZE) { // Keras: the mean over the values that count
                Tensor valid = Ops.scalar(ScalarOp.MAX, Ops.sum(mask), 1f);
                mask = Ops.mul(mask, Ops.scalar(ScalarOp.RDIV, valid, (float) mask.size()));
            }
            weights = weights == null ? mask : Ops.mul(weights, mask);
        }
        if (weights != null) values = Ops.mul(values, weights);
        return switch (reduction) {
            case NONE -> values;
            case SUM -> Ops.sum(values);
            case SUM_OVER_BATCH_SIZE -> Ops.mean(values);
        };
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("reduction", reduction.kerasName());
        return c;
    }
}
