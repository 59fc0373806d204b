package dev.myelin.layers;

import dev.myelin.backend.Backend;
import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * A fixed table of row numbers {@code (1, outer * inner)} for {@link dev.myelin.tensor.SequenceOps#gather}
 * (the windows of a 1-D convolution, a reversal, a repetition), made on a backend once and kept
 * there, so a training step copies nothing from the host.
 */
final class WindowIndex implements AutoCloseable {
    /** The row read at {@code (i, j)}; -1 for a row of zeros. */
    @FunctionalInterface
    interface Rule {
        int row(int i, int j);
    }

    private final float[] rows;
    private Tensor onDevice;

    WindowIndex(Rule rule, int outer, int inner) {
        rows = new float[outer * inner];
        for (int i = 0; i < outer; i++) for (int j = 0; j < inner; j++) rows[i * inner + j] = rule.row(i, j);
    }

    /** The table on {@code be}, made on first use. */
    Tensor get(Backend be) {
        if (onDevice == null || onDevice.isClosed() || onDevice.backend() != be) {
            onDevice = Scope.escape(be.fromArray(Shape.of(1, rows.length), rows, 0));
        }
        return onDevice;
    }

    @Override
    public void close() {
        if (onDevice != null) onDevice.close();
    }
}
