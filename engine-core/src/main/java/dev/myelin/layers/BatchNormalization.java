package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BinaryOp;
import dev.myelin.backend.ScalarOp;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Initializers;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code BatchNormalization} on the last axis (channels last): in training it normalizes
 * each channel with the batch's mean and (biased) variance and moves the moving statistics toward
 * them, {@code moving = moving * momentum + batch * (1 - momentum)}; in inference it normalizes with
 * the moving statistics. Then {@code * gamma + beta} (when {@code scale} and {@code center}).
 * Weights, in Keras's order: gamma, beta (trainable), moving mean, moving variance (not trainable).
 * Runs as one fused backend op each way (cuDNN on CUDA).
 */
public final class BatchNormalization extends Layer {
    private int axis = -1;
    private float momentum = 0.99f;
    private float epsilon = 1e-3f;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = Initializers.get("zeros");
    private Initializer gammaInitializer = Initializers.get("ones");
    private Initializer movingMeanInitializer = Initializers.get("zeros");
    private Initializer movingVarianceInitializer = Initializers.get("ones");
    private Tensor gamma, beta, movingMean, movingVariance;
    private int channels;

    /** Keras's defaults: axis -1, momentum 0.99, epsilon 1e-3, center and scale. */
    public BatchNormalization() {}

    /** The normalized axis, counting the batch axis as Keras does: -1 or the last axis's index (channels last). */
    public BatchNormalization axis(int value) {
        this.axis = value;
        return this;
    }

    /** Weight of the old value in the moving averages' update. */
    public BatchNormalization momentum(double value) {
        if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException("BatchNormalization momentum must be in [0, 1], got " + value);
        this.momentum = (float) value;
        return this;
    }

    /** Added to the variance before its square root. */
    public BatchNormalization epsilon(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("BatchNormalization epsilon must be at least 0, got " + value);
        this.epsilon = (float) value;
        return this;
    }

    /** Whether to add the trainable offset {@code beta}. */
    public BatchNormalization center(boolean value) {
        this.center = value;
        return this;
    }

    /** Whether to multiply by the trainable scale {@code gamma}. */
    public BatchNormalization scale(boolean value) {
        this.scale = value;
        return this;
    }

    /** How beta starts (Keras's default: zeros). */
    public BatchNormalization betaInitializer(String name) {
        this.betaInitializer = Initializers.get(name);
        return this;
    }

    /** How gamma starts (Keras's default: ones; "zeros" makes a residual block start as the identity). */
    public BatchNormalization gammaInitializer(String name) {
        this.gammaInitializer = Initializers.get(name);
        return this;
    }

    /** How the moving mean starts (Keras's default: zeros). */
    public BatchNormalization movingMeanInitializer(String name) {
        this.movingMeanInitializer = Initializers.get(name);
        return this;
    }

    /** How the moving variance starts (Keras's default: ones). */
    public BatchNormalization movingVarianceInitializer(String name) {
        this.movingVarianceInitializer = Initializers.get(name);
        return this;
    }

    /** The moving mean (after build), a non-trainable weight. */
    public Tensor movingMean() { return movingMean; }

    /** The moving variance (after build), a non-trainable weight. */
    public Tensor movingVariance() { return movingVariance; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() < 1) throw incompatible("expects inputs with a channel axis, of rank 2 or more", input);
        if (axis != -1 && axis != input.rank()) {
            throw incompatible("was given axis=" + axis + ", but Myelin normalizes the last axis only (axis=-1 or " + input.rank()
                    + " for these inputs: channels last)", input);
        }
        return input;
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        channels = input.dim(-1);
        Shape perChannel = Shape.of(channels);
        if (scale) gamma = addParam(weights.create(perChannel, gammaInitializer, channels, channels));
        if (center) beta = addParam(weights.create(perChannel, betaInitializer, channels, channels));
        movingMean = addNonTrainableParam(weights.createNonTrainable(perChannel, movingMeanInitializer));
        movingVariance = addNonTrainableParam(weights.createNonTrainable(perChannel, movingVarianceInitializer));
    }

    /** Gamma, or ones when the layer does not scale (on {@code be}). */
    Tensor gammaOrOnes(Backend be) {
        return gamma != null ? gamma : be.full(Shape.of(channels), 1f);
    }

    /** Beta, or zeros when the layer does not center (on {@code be}). */
    Tensor betaOrZeros(Backend be) {
        return beta != null ? beta : be.zeros(Shape.of(channels));
    }

    /** The epsilon added to the variance. */
    float epsilonValue() { return epsilon; }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Backend be = x.backend();
        Tensor g = gammaOrOnes(be);
        Tensor b = betaOrZeros(be);
        // A frozen BatchNormalization runs in inference mode, as Keras 3's does (fine-tuning keeps its statistics).
        if (!training || !isTrainable()) return Ops.batchNormInference(x, g, b, movingMean, movingVariance, epsilon);
        Tensor[] out = Ops.batchNormTraining(x, g, b, epsilon);
        updateMovingStatistics(be, out[1], out[2]);
        return out[0];
    }

    /**
     * {@code moving += (1 - momentum) * (batch - moving)}, the batch variance recovered from the saved
     * {@code invStd} as {@code invStd^-2 - epsilon} (float rounding can leave it a hair below zero
     * for a constant channel, hence the clamp).
     */
    private void updateMovingStatistics(Backend be, Tensor mean, Tensor invStd) {
        float rate = 1f - momentum;
        try (Tensor d = be.binary(BinaryOp.SUB, mean, movingMean)) {
            be.addInPlace(movingMean, d, rate);
        }
        try (Tensor inv2 = be.scalar(ScalarOp.POW, invStd, -2f); Tensor shifted = be.scalar(ScalarOp.ADD, inv2, -epsilon);
             Tensor variance = be.scalar(ScalarOp.MAX, shifted, 0f); Tensor d = be.binary(BinaryOp.SUB, variance, movingVariance)) {
            be.addInPlace(movingVariance, d, rate);
        }
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("axis", axis);
        c.addProperty("momentum", momentum);
        c.addProperty("epsilon", epsilon);
        c.addProperty("center", center);
        c.addProperty("scale", scale);
        c.addProperty("beta_initializer", betaInitializer.name());
        c.addProperty("gamma_initializer", gammaInitializer.name());
        c.addProperty("moving_mean_initializer", movingMeanInitializer.name());
        c.addProperty("moving_variance_initializer", movingVarianceInitializer.name());
        return c;
    }

    static BatchNormalization fromConfig(ConfigReader c) {
        BatchNormalization layer = new BatchNormalization()
                .axis(c.integer("axis", -9, 9))
                .momentum(c.number("momentum", 0, 1, true))
                .epsilon(c.number("epsilon", 0, Float.MAX_VALUE, true))
                .center(c.bool("center"))
                .scale(c.bool("scale"));
        if (c.has("beta_initializer")) {
            c.parsed("beta_initializer", layer::betaInitializer);
            c.parsed("gamma_initializer", layer::gammaInitializer);
            c.parsed("moving_mean_initializer", layer::movingMeanInitializer);
            c.parsed("moving_variance_initializer", layer::movingVarianceInitializer);
        }
        return ConfigValues.named(layer, c);
    }
}
