package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras's elementwise merge layers ({@link Add}, {@link Subtract}, {@link Multiply}, {@link Average},
 * {@link Maximum}, {@link Minimum}): inputs of equal shapes, or shapes that broadcast as NumPy's do
 * (aligned from the last axis; a lower-rank input gains leading axes of size 1, where Keras expands it
 * after the batch axis; an axis of size 1 repeats). The output mask is the AND of the inputs' masks.
 */
public abstract class Merge extends Layer {

    /** {@code merged} of inputs already broadcast to one shape. */
    protected abstract Tensor merge(List<Tensor> inputs);

    /** The fewest inputs this merge takes. */
    protected int minInputs() { return 1; }

    /** The most inputs this merge takes. */
    protected int maxInputs() { return Integer.MAX_VALUE; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        return computeOutputShapes(List.of(input)).get(0);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> inputs) {
        if (inputs.size() < minInputs() || inputs.size() > maxInputs()) {
            String count = minInputs() == maxInputs() ? "exactly " + minInputs() : "at least " + minInputs();
            throw new IncompatibleShapeException(describe() + " takes " + count + " inputs, got " + inputs.size() + " (" + listed(inputs) + ")",
                    inputs.get(0));
        }
        int rank = 0;
        for (Shape s : inputs) rank = Math.max(rank, s.rank());
        int[] out = new int[rank];
        java.util.Arrays.fill(out, 1);
        for (Shape s : inputs) {
            for (int i = 1; i <= s.rank(); i++) {
                int d = s.dim(-i), o = out[rank - i];
                if (d == o || d == 1) continue;
                if (o != 1) {
                    throw new IncompatibleShapeException(describe() + " cannot merge inputs of incompatible shapes " + listed(inputs), s);
                }
                out[rank - i] = d;
            }
        }
        return List.of(Shape.of(out));
    }

    static String listed(List<Shape> shapes) {
        List<String> s = new ArrayList<>();
        for (Shape x : shapes) s.add(Shapes.batched(x));
        return String.join(", ", s);
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        List<Shape> samples = new ArrayList<>();
        for (Tensor t : inputs) samples.add(t.shape().dropFirst());
        Shape out = computeOutputShapes(samples).get(0).prepend(inputs.get(0).dim(0));
        List<Tensor> same = new ArrayList<>();
        for (Tensor t : inputs) same.add(Ops.broadcastTo(withRank(t, out.rank()), out));
        return List.of(merge(same));
    }

    /** {@code t} with axes of size 1 inserted after the batch axis up to {@code rank} (Keras's expand_dims at axis 1). */
    private static Tensor withRank(Tensor t, int rank) {
        if (t.rank() == rank) return t;
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, 1);
        dims[0] = t.dim(0);
        int[] own = t.shape().toArray();
        System.arraycopy(own, 1, dims, rank - own.length + 1, own.length - 1);
        return t.reshape(dims);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return call(List.of(x), java.util.Collections.singletonList(null), training).get(0);
    }

    /** The AND (product) of the inputs' masks, or none when no input has one. */
    @Override
    public List<Tensor> computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return andMasks(masks);
    }

    static List<Tensor> andMasks(List<Tensor> masks) {
        Tensor combined = null;
        for (Tensor m : masks) {
            if (m != null) combined = combined == null ? m : Ops.mul(combined, m);
        }
        return combined == null ? null : List.of(combined);
    }

    /** Recreates a merge layer of {@code type} from its config. */
    static Merge fromConfig(Merge layer, ConfigReader c) {
        return ConfigValues.named(layer, c);
    }
}
