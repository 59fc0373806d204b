package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Arrays;

/**
 * Keras's {@code Reshape}: each sample takes {@code targetShape} (without the batch axis); one
 * dimension may be {@code -1}, inferred from the sample's size. A view: nothing is copied.
 */
public final class Reshape extends Layer {
    private final int[] targetShape;

    /** E.g. {@code new Reshape(7, 7, 16)} or {@code new Reshape(-1, 4)}. */
    public Reshape(int... targetShape) {
        if (targetShape.length == 0) throw new IllegalArgumentException("Reshape needs a target shape, e.g. new Reshape(7, 7, 16)");
        int unknown = 0;
        for (int d : targetShape) {
            if (d == -1) unknown++;
            else if (d < 1) throw new IllegalArgumentException("Reshape target " + Arrays.toString(targetShape) + " has a dimension below 1 other than -1");
        }
        if (unknown > 1) throw new IllegalArgumentException("Reshape target " + Arrays.toString(targetShape) + " has more than one -1");
        this.targetShape = targetShape.clone();
    }

    /** The target sample shape as given, possibly with a {@code -1}. */
    public int[] targetShape() { return targetShape.clone(); }

    @Override
    protected Shape computeOutputShape(Shape input) {
        long known = 1;
        int unknownAt = -1;
        for (int i = 0; i < targetShape.length; i++) {
            if (targetShape[i] == -1) unknownAt = i;
            else known *= targetShape[i];
        }
        int[] out = targetShape.clone();
        if (unknownAt >= 0) {
            if (input.size() % known != 0) {
                throw incompatible("cannot reshape " + input.size() + " values per sample to " + Arrays.toString(targetShape), input);
            }
            out[unknownAt] = (int) (input.size() / known);
        } else if (known != input.size()) {
            throw incompatible("cannot reshape " + input.size() + " values per sample to " + Arrays.toString(targetShape)
                    + " (" + known + " values)", input);
        }
        return Shape.of(out);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Ops.reshape(x, computeOutputShape(Shape.of(Arrays.copyOfRange(x.shape().toArray(), 1, x.rank()))).prepend(x.dim(0)));
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add("target_shape", ConfigValues.ints(targetShape));
        return c;
    }

    static Reshape fromConfig(ConfigReader c) {
        return ConfigValues.named(new Reshape(c.integers("target_shape", -1, -1, Integer.MAX_VALUE)), c);
    }
}
