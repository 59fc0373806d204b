package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.List;

/**
 * Keras's {@code Concatenate(axis=-1)}: joins its inputs along {@code axis}, which counts the batch
 * axis as Keras does (so {@code 1} is a sample's first axis, {@code -1} its last); every other axis must
 * agree. The output mask is the AND of the inputs' masks.
 */
public final class Concatenate extends Layer {
    private final int axis;

    /** Concatenation along the last axis. */
    public Concatenate() {
        this(-1);
    }

    /** Concatenation along {@code axis} (batch axis counted; not the batch axis itself). */
    public Concatenate(int axis) {
        if (axis == 0) throw new IllegalArgumentException("Concatenate cannot join along the batch axis (axis 0)");
        this.axis = axis;
    }

    /** The axis, batch axis counted. */
    public int axis() { return axis; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        return computeOutputShapes(List.of(input)).get(0);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> inputs) {
        Shape first = inputs.get(0);
        int rank = first.rank() + 1; // with the batch axis
        int ax = axis < 0 ? rank + axis : axis;
        if (ax < 1 || ax >= rank) {
            throw new IncompatibleShapeException(describe() + " with axis " + axis + " needs inputs of rank above " + Math.abs(axis)
                    + " (batch axis counted)", first);
        }
        int[] out = first.toArray();
        int total = 0;
        for (Shape s : inputs) {
            boolean fits = s.rank() == first.rank();
            for (int i = 0; fits && i < s.rank(); i++) fits = i == ax - 1 || s.dim(i) == first.dim(i);
            if (!fits) {
                throw new IncompatibleShapeException(describe() + " needs inputs whose shapes match except on the concatenation axis ("
                        + axis + "), got " + Merge.listed(inputs), s);
            }
            total += s.dim(ax - 1);
        }
        out[ax - 1] = total;
        return List.of(Shape.of(out));
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return List.of(inputs.size() == 1 ? inputs.get(0) : Ops.concatenate(inputs, axis));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x;
    }

    /** The AND of the inputs' masks, or none when no input has one. */
    @Override
    public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return Merge.andMasks(masks);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("axis", axis);
        return c;
    }

    static Concatenate fromConfig(ConfigReader c) {
        // A sample has at most 8 axes, so with the batch axis: -9 to 8, and never the batch axis 0.
        int axis = c.integer("axis", -9, 8);
        if (axis == 0) throw c.invalid("axis", "an axis other than the batch axis 0, from -9 to 8");
        return ConfigValues.named(new Concatenate(axis), c);
    }
}
