package dev.myelin.tensor;

import dev.myelin.backend.Backend;
import dev.myelin.backend.RecurrentGeometry;

import java.util.ArrayList;
import java.util.List;

/**
 * The differentiable ops of sequence layers: row lookup (embeddings, and any fixed re-indexing of
 * time steps: reversal, 1-D windows, repetition), slicing and concatenation along an axis, and a
 * recurrent layer over a whole sequence as one fused op.
 */
public final class SequenceOps {
    private SequenceOps() {}

    /**
     * Rows of a batch of tables: {@code table} {@code (B, V, D)}, {@code indices} {@code (B, M)} or
     * {@code (1, M)}, giving {@code (B, M, D)}; an index outside {@code [0, V)} reads zeros.
     * Differentiable in {@code table}.
     */
    public static Tensor gather(Tensor table, Tensor indices) {
        if (table.rank() != 3 || indices.rank() != 2 || (indices.dim(0) != 1 && indices.dim(0) != table.dim(0))) {
            throw new IllegalArgumentException("gather needs a table (B, V, D) and indices (B, M) or (1, M), got " + table.shape()
                    + " and " + indices.shape());
        }
        Backend be = table.backend();
        Tensor y = be.gather(table, indices);
        int rows = table.dim(1);
        return Ops.record(y, "gather", g -> new Tensor[] {be.gatherBackward(indices, g, rows), null}, table, indices);
    }

    /** Keras's embedding lookup: rows of {@code table} {@code (V, D)} at {@code ids} of any shape, giving {@code ids.shape + (D)}. */
    public static Tensor embedding(Tensor table, Tensor ids) {
        int[] dims = java.util.Arrays.copyOf(ids.shape().toArray(), ids.rank() + 1);
        dims[ids.rank()] = table.dim(1);
        Tensor t3 = Ops.reshape(table, Shape.of(1, table.dim(0), table.dim(1)));
        Tensor flat = ids.view(Shape.of(1, (int) ids.size()));
        return Ops.reshape(gather(t3, flat), Shape.of(dims));
    }

    /** Positions {@code [start, start + length)} of {@code axis} (negative counts from the end). */
    public static Tensor slice(Tensor x, int axis, int start, int length) {
        int a = axis < 0 ? axis + x.rank() : axis;
        if (a < 0 || a >= x.rank() || start < 0 || length < 0 || start + length > x.dim(a)) {
            throw new IllegalArgumentException("slice [" + start + ", " + (start + length) + ") of axis " + axis + " is outside " + x.shape());
        }
        Backend be = x.backend();
        Tensor y = be.empty(withDim(x.shape(), a, length));
        be.copyAlongAxis(x, start, y, 0, a, length);
        return Ops.record(y, "slice", g -> {
            Tensor dx = be.zeros(x.shape());
            be.copyAlongAxis(g, 0, dx, start, a, length);
            return new Tensor[] {dx};
        }, x);
    }

    /** Joins tensors along {@code axis}; every other axis must agree. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) throw new IllegalArgumentException("concat needs at least one tensor");
        Tensor first = parts.get(0);
        int a = axis < 0 ? axis + first.rank() : axis;
        int total = 0;
        for (Tensor p : parts) {
            if (p.rank() != first.rank() || !withDim(p.shape(), a, 1).equals(withDim(first.shape(), a, 1))) {
                throw new IllegalArgumentException("concat along axis " + axis + ": shapes " + first.shape() + " and " + p.shape()
                        + " differ on another axis");
            }
            total += p.dim(a);
        }
        Backend be = first.backend();
        Tensor y = be.empty(withDim(first.shape(), a, total));
        int[] starts = new int[parts.size()];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            starts[i] = at;
            be.copyAlongAxis(parts.get(i), 0, y, at, a, parts.get(i).dim(a));
            at += parts.get(i).dim(a);
        }
        return Ops.record(y, "concat", g -> {
            Tensor[] grads = new Tensor[parts.size()];
            for (int i = 0; i < grads.length; i++) {
                Tensor p = parts.get(i);
                if (!Ops.needs(p)) continue;
                grads[i] = be.empty(p.shape());
                be.copyAlongAxis(g, starts[i], grads[i], 0, a, p.dim(a));
            }
            return grads;
        }, parts.toArray(new Tensor[0]));
    }

    /**
     * A recurrent layer over a whole sequence (see {@link Backend#recurrentForward}); returns the
     * workspace, whose {@code h} and {@code c} entries the layer slices out. Differentiable in the
     * input projection, the recurrent kernel and bias, and the initial states; {@code mask} and
     * {@code recurrentDropout} are constants. Null arguments are absent.
     */
    public static Tensor recurrent(RecurrentGeometry g, Tensor inputProjection, Tensor recurrentKernel, Tensor recurrentBias,
                                   Tensor h0, Tensor c0, Tensor mask, Tensor recurrentDropout) {
        Backend be = inputProjection.backend();
        Tensor ws = be.recurrentForward(g, inputProjection, recurrentKernel, recurrentBias, h0, c0, mask, recurrentDropout);
        Tensor[] all = {inputProjection, recurrentKernel, recurrentBias, h0, c0};
        List<Tensor> present = new ArrayList<>();
        for (Tensor t : all) if (t != null) present.add(t);
        return Ops.record(ws, "recurrent", dws -> {
            Tensor[] grads = be.recurrentBackward(g, recurrentKernel, recurrentBias, h0, c0, mask, recurrentDropout, ws, dws);
            List<Tensor> kept = new ArrayList<>();
            for (int i = 0; i < all.length; i++) {
                if (all[i] != null) kept.add(Ops.needs(all[i]) ? grads[i] : null);
                if (grads[i] != null && (all[i] == null || !Ops.needs(all[i]))) grads[i].close();
            }
            return kept.toArray(new Tensor[0]);
        }, present.toArray(new Tensor[0]));
    }

    private static Shape withDim(Shape s, int axis, int value) {
        int[] d = s.toArray();
        d[axis] = value;
        return Shape.of(d);
    }
}
