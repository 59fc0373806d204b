package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code Softmax} layer over {@code axis} (of the batched input, -1 the last, the default).
 * Another axis is moved last, normalized, and moved back.
 */
public final class Softmax extends Layer {
    private final int axis;

    /** Over the last axis. */
    public Softmax() {
        this(-1);
    }

    /** Over {@code axis} of the batched input (negative counts from the end). */
    public Softmax(int axis) {
        this.axis = axis;
    }

    /** The axis normalized over. */
    public int axis() { return axis; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        int rank = input.rank() + 1;
        if (input.rank() < 1 || axis < -rank || axis >= rank) {
            throw incompatible("with axis " + axis + " expects input with that axis", input);
        }
        return input;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int rank = x.rank(), a = axis < 0 ? axis + rank : axis;
        if (a == rank - 1) return Ops.softmax(x);
        int[] swap = new int[rank];
        for (int i = 0; i < rank; i++) swap[i] = i;
        swap[a] = rank - 1;
        swap[rank - 1] = a;
        return Ops.transpose(Ops.softmax(Ops.transpose(x, swap)), swap); // a swap is its own inverse
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("axis", axis);
        return c;
    }

    static Softmax fromConfig(ConfigReader c) {
        return ConfigValues.named(new Softmax(c.integer("axis", -8, 8)), c);
    }
}
