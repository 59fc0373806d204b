package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Arrays;

/**
 * Keras's {@code Permute}: reorders the axes of each sample. {@code dims} counts from 1 (the batch
 * axis is 0 and stays first), as in Keras: {@code new Permute(2, 1)} swaps the two axes of
 * {@code (steps, features)} samples.
 */
public final class Permute extends Layer {
    private final int[] dims;

    /** A permutation of {@code 1..rank}. */
    public Permute(int... dims) {
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i + 1) {
                throw new IllegalArgumentException("Permute dims " + Arrays.toString(dims) + " must be a permutation of 1.." + dims.length
                        + " (axes count from 1; the batch axis is not included)");
            }
        }
        if (dims.length == 0) throw new IllegalArgumentException("Permute needs the new order of the axes, e.g. new Permute(2, 1)");
        this.dims = dims.clone();
    }

    /** The permutation, counting axes from 1. */
    public int[] dims() { return dims.clone(); }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != dims.length) {
            throw incompatible("with dims " + Arrays.toString(dims) + " expects samples of rank " + dims.length, input);
        }
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) out[i] = input.dim(dims[i] - 1);
        return Shape.of(out);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int[] axes = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) axes[i + 1] = dims[i];
        return Ops.transpose(x, axes);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add("dims", ConfigValues.ints(dims));
        return c;
    }

    static Permute fromConfig(ConfigReader c) {
        return ConfigValues.named(new Permute(c.integers("dims", -1, 1, 8)), c);
    }
}
