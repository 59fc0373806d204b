package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.backend.GateActivation;
import dev.myelin.backend.RecurrentCell;
import dev.myelin.backend.RecurrentGeometry;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.myelin.cuda.GpuBackends.compare;
import static dev.myelin.cuda.GpuBackends.random;

/**
 * The sequence ops (gather and its backward, axis copies, the fused recurrence forward and
 * backward) on the GPU against the CPU backend, on the same random inputs.
 *
 * <p>Tolerances: gather and copies move values, so they must agree exactly; the gather backward
 * adds repeated rows in another order (atomics), float32 sums of a few terms: 1e-6. The recurrence
 * runs cuBLAS products of length up to 40 and expf/tanhf (a few ulp from Java's double-rounded
 * ones) through 23 steps, whose errors the gates keep from growing: 1e-4 relative and absolute.
 */
@Tag("gpu")
class CudaSequenceOpsTest {
    private static final double R = 1e-4, A = 1e-4;

    private static Tensor in(Backend b, Shape s, long seed) { return b.fromArray(s, random(s, seed), 0); }

    private static Tensor ids(Backend b, int rows, int n, long seed) {
        float[] v = random(n, seed, -1.5f, rows + 0.5f);
        for (int i = 0; i < n; i++) v[i] = (float) Math.floor(v[i]);   // some outside [0, rows): zero rows
        return b.fromArray(Shape.of(1, n), v, 0);
    }

    @Test
    void gatherAndItsBackward() {
        for (boolean shared : new boolean[] {true, false}) {
            int batch = 3, rows = 7, m = 11, d = 5;
            Shape idx = Shape.of(shared ? 1 : batch, m);
            compare("gather shared=" + shared, 0, 0, b -> b.gather(in(b, Shape.of(batch, rows, d), 1),
                    ids(b, rows, idx.sizeAsInt(), 2).view(idx)));
            compare("gatherBackward shared=" + shared, 1e-6, 1e-6, b -> b.gatherBackward(ids(b, rows, idx.sizeAsInt(), 2).view(idx),
                    in(b, Shape.of(batch, m, d), 3), rows));
        }
    }

    @Test
    void copyAlongEveryAxis() {
        Shape src = Shape.of(3, 5, 4);
        for (int axis = 0; axis < 3; axis++) {
            int ax = axis;
            compare("copyAlongAxis " + axis, 0, 0, b -> {
                Tensor dst = b.zeros(Shape.of(ax == 0 ? 6 : 3, ax == 1 ? 7 : 5, ax == 2 ? 9 : 4));
                b.copyAlongAxis(in(b, src, 4), 1, dst, 2, ax, src.dim(ax) - 2);
                return dst;
            });
        }
    }

    @Test
    void recurrenceForwardAndBackwardForEveryCell() {
        int n = 3, steps = 23, units = 5;
        for (RecurrentCell cell : RecurrentCell.values()) {
            for (boolean options : new boolean[] {false, true}) {
                RecurrentGeometry g = new RecurrentGeometry(cell, n, steps, units, GateActivation.TANH,
                        options ? GateActivation.HARD_SIGMOID : GateActivation.SIGMOID, options);
                int p = g.projection();
                boolean gru = cell == RecurrentCell.GRU, lstm = cell == RecurrentCell.LSTM;
                float[] mask = random(n * steps, 5, 0f, 1f);
                for (int i = 0; i < mask.length; i++) mask[i] = mask[i] < 0.3f ? 0f : 1f;
                float[] keep = random(n * units, 6, 0f, 1f);
                for (int i = 0; i < keep.length; i++) keep[i] = keep[i] < 0.25f ? 0f : 4f / 3f;
                String what = cell + (options ? " reversed, masked, recurrent dropout, hard sigmoid" : "");
                java.util.function.Function<Backend, Tensor[]> args = b -> new Tensor[] {
                        in(b, Shape.of(n, steps, p), 7), in(b, Shape.of(units, p), 8), gru ? in(b, Shape.of(p), 9) : null,
                        in(b, Shape.of(n, units), 10), lstm ? in(b, Shape.of(n, units), 11) : null,
                        options ? b.fromArray(Shape.of(n, steps), mask, 0) : null,
                        options ? b.fromArray(Shape.of(n, units), keep, 0) : null};
                compare(what + " forward", R, A, b -> {
                    Tensor[] a = args.apply(b);
                    return b.recurrentForward(g, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
                });
                for (int k = 0; k < 5; k++) {
                    if ((k == 2 && !gru) || (k == 4 && !lstm)) continue;
                    int which = k;
                    compare(what + " backward, gradient " + k, R, A, b -> {
                        Tensor[] a = args.apply(b);
                        Tensor ws = b.recurrentForward(g, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
                        return b.recurrentBackward(g, a[1], a[2], a[3], a[4], a[5], a[6], ws, in(b, ws.shape(), 12))[which];
                    });
                }
            }
        }
    }
}
