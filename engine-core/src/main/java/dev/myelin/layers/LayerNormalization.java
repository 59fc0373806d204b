package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.ScalarOp;
import dev.myelin.initializers.Ones;
import dev.myelin.initializers.Zeros;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code LayerNormalization} on the last axis: each sample's features are normalized by
 * their own mean and (biased) variance, {@code (x - mean) / sqrt(variance + epsilon)}, then
 * {@code * gamma + beta} (when {@code scale} and {@code center}), the same in training and
 * inference. Composed of reductions along the last axis, which autograd differentiates.
 */
public final class LayerNormalization extends Layer {
    private int axis = -1;
    private float epsilon = 1e-3f;
    private boolean center = true;
    private boolean scale = true;
    private Tensor gamma, beta;

    /** Keras's defaults: axis -1, epsilon 1e-3, center and scale. */
    public LayerNormalization() {}

    /** The normalized axis, counting the batch axis as Keras does: -1 or the last axis's index. */
    public LayerNormalization axis(int value) {
        this.axis = value;
        return this;
    }

    /** Added to the variance before its square root. */
    public LayerNormalization epsilon(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("LayerNormalization epsilon must be at least 0, got " + value);
        this.epsilon = (float) value;
        return this;
    }

    /** Whether to add the trainable offset {@code beta}. */
    public LayerNormalization center(boolean value) {
        this.center = value;
        return this;
    }

    /** Whether to multiply by the trainable scale {@code gamma}. */
    public LayerNormalization scale(boolean value) {
        this.scale = value;
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() < 1) throw incompatible("expects inputs with a feature axis, of rank 2 or more", input);
        if (axis != -1 && axis != input.rank()) {
            throw incompatible("was given axis=" + axis + ", but Myelin normalizes the last axis only (axis=-1 or " + input.rank()
                    + " for these inputs)", input);
        }
        return input;
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        int c = input.dim(-1);
        if (scale) gamma = addParam(weights.create(Shape.of(c), new Ones(), c, c));
        if (center) beta = addParam(weights.create(Shape.of(c), new Zeros(), c, c));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int c = x.dim(-1);
        Tensor centered = Ops.sub(x, Ops.broadcastLastAxis(Ops.meanLastAxis(x), c));
        Tensor variance = Ops.meanLastAxis(Ops.square(centered));
        Tensor invStd = Ops.scalar(ScalarOp.POW, Ops.addScalar(variance, epsilon), -0.5f);
        Tensor y = Ops.mul(centered, Ops.broadcastLastAxis(invStd, c));
        if (gamma != null) y = Ops.scaleLastAxis(y, gamma);
        if (beta != null) y = Ops.addBias(y, beta);
        return y;
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("axis", axis);
        c.addProperty("epsilon", epsilon);
        c.addProperty("center", center);
        c.addProperty("scale", scale);
        return c;
    }

    static LayerNormalization fromConfig(ConfigReader c) {
        LayerNormalization layer = new LayerNormalization()
                .axis(c.integer("axis", -9, 9))
                .epsilon(c.number("epsilon", 0, Float.MAX_VALUE, true))
                .center(c.bool("center"))
                .scale(c.bool("scale"));
        return ConfigValues.named(layer, c);
    }
}
