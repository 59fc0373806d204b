package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.UnaryOp;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.List;

/**
 * Keras's {@code Masking}: on {@code (None, steps, features)}, a step whose features all equal
 * {@code maskValue} (default 0) is masked for the layers after it (the recurrent layers skip it)
 * and its output is zeros; other steps pass unchanged.
 */
public final class Masking extends Layer {
    private final float maskValue;

    /** Masks the steps whose features are all 0. */
    public Masking() {
        this(0.0);
    }

    /** Masks the steps whose features all equal {@code maskValue}. */
    public Masking(double maskValue) {
        this.maskValue = (float) maskValue;
    }

    /** The value that marks a padded step. */
    public float maskValue() { return maskValue; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 2) throw incompatible("expects sequences of shape (batch, steps, features)", input);
        return input;
    }

    /** 1 for a step with any feature other than {@code maskValue}, else 0: {@code (batch, steps)}. */
    private Tensor keep(Tensor x) {
        Tensor differs = Ops.unary(UnaryOp.SIGN, Ops.abs(Ops.addScalar(x, -maskValue)));
        return Ops.unary(UnaryOp.SIGN, Ops.sumLastAxis(differs));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Ops.mul(x, Ops.broadcastLastAxis(keep(x), x.dim(2)));
    }

    @Override
    public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return List.of(keep(inputs.get(0)));
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("mask_value", maskValue);
        return c;
    }

    static Masking fromConfig(ConfigReader c) {
        return ConfigValues.named(new Masking(c.floatNumber("mask_value")), c);
    }
}
