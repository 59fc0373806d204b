package dev.myelin.cpu;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static dev.myelin.cpu.Reference.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A packing kept with a weight's storage ({@link KeptPackings}) is used only while the weight holds
 * the values it was packed from: after each kind of in-place write (every in-place op of the
 * backend, and a write through the array handed out by {@link CpuStorage#data()}) the next calls
 * give what the same op gives on a copy of the weight (a storage never seen before, so nothing
 * kept), for a convolution through patches and for products with B as stored and transposed.
 */
class KeptPackingsTest {
    private final CpuBackend be = new CpuBackend();

    @Test
    void aConvolutionFilterPackingNeverOutlivesItsValues() {
        // LeNet's second layer: through the patches.
        Conv2dGeometry g = Conv2dGeometry.of(2, 12, 12, 20, 50, 5, 5, 1, 1, Padding.VALID);
        Tensor x = be.fromArray(Shape.of(2, 12, 12, 20), random(2 * 12 * 12 * 20, 1), 0);
        Tensor w = be.fromArray(Shape.of(50, 5, 5, 20), random(50 * 500, 2), 0);
        checkEveryWrite(w, filter -> be.conv2d(x, filter, g).toArray());
    }

    @Test
    void aProductsBPackingNeverOutlivesItsValues() {
        Tensor a = be.fromArray(Shape.of(24, 40), random(24 * 40, 3), 0);
        checkEveryWrite(be.fromArray(Shape.of(40, 50), random(40 * 50, 4), 0), b -> be.matmul(a, false, b, false).toArray());
        checkEveryWrite(be.fromArray(Shape.of(50, 40), random(40 * 50, 5), 0), b -> be.matmul(a, false, b, true).toArray());
    }

    /**
     * Where the product does not pack B as stored, nothing is kept: one row reads B in place, a
     * transposed A is a gradient's product, and a C computed transposed (9 rows by 50, B
     * transposed) makes B the A operand, whose sums would not have the bits of the kept path's.
     */
    @Test
    void productsThatDoNotPackBKeepNothing() {
        Tensor b = be.fromArray(Shape.of(40, 50), random(40 * 50, 6), 0), bt = be.fromArray(Shape.of(50, 40), random(40 * 50, 7), 0);
        Tensor row = be.fromArray(Shape.of(1, 40), random(40, 8), 0), at = be.fromArray(Shape.of(40, 9), random(40 * 9, 9), 0);
        Tensor few = be.fromArray(Shape.of(9, 40), random(9 * 40, 10), 0);
        for (int call = 0; call < 3; call++) {
            be.matmul(row, false, b, false).close();
            be.matmul(at, true, b, false).close();
            be.matmul(few, false, bt, true).close();
        }
        assertNull(storage(b).kept, "one row, or a transposed A");
        assertNull(storage(bt).kept, "a C computed transposed");
    }

    /**
     * {@code op} of {@code weight} three times (the packing kept from the second), then after each
     * kind of write three times again, each against {@code op} of a fresh copy.
     */
    private void checkEveryWrite(Tensor weight, Function<Tensor, float[]> op) {
        float[] first = op.apply(weight);
        for (int call = 0; call < 3; call++) assertArrayEquals(first, op.apply(weight), "call " + call + ", same values");
        assertNotNull(storage(weight).kept.packed(), "unchanged over calls: the packing is kept");

        int size = (int) weight.size(), cols = weight.shape().dim(-1), rows = size / cols;
        Shape flat = Shape.of(size), table = Shape.of(rows, cols);
        Map<String, Consumer<Tensor>> writes = new LinkedHashMap<>();
        writes.put("addInPlace", w -> be.addInPlace(w, tensor(flat, 10), 0.5f));
        writes.put("copyInto", w -> be.copyInto(tensor(flat, 11), w));
        writes.put("sgdUpdate", w -> be.sgdUpdate(w, tensor(flat, 12), be.zeros(flat), 0.1f, 0.9f, false));
        writes.put("adamUpdate", w -> be.adamUpdate(w, tensor(flat, 13), be.zeros(flat), be.zeros(flat), 0.1f, 0.9f, 0.999f, 1e-7f, 1));
        writes.put("rmspropUpdate", w -> be.rmspropUpdate(w, tensor(flat, 14), be.zeros(flat), null, 0.1f, 0.9f, 0f, 1e-7f));
        writes.put("copyColumns (through a view)", w -> be.copyColumns(tensor(Shape.of(rows, 1), 15), w.view(table), cols / 2));
        writes.put("copyAlongAxis (through a view)",
                w -> be.copyAlongAxis(tensor(Shape.of(1, cols), 16), 0, w.view(table), rows - 1, 0, 1));
        writes.put("a write through data()", w -> ((CpuStorage) w.storage()).data()[size / 3] += 0.25f);
        for (Map.Entry<String, Consumer<Tensor>> write : writes.entrySet()) {
            write.getValue().accept(weight);
            for (int call = 0; call < 3; call++) {
                try (Tensor copy = be.copy(weight)) {
                    assertArrayEquals(op.apply(copy), op.apply(weight), "call " + call + " after " + write.getKey());
                }
            }
        }
    }

    private Tensor tensor(Shape shape, long seed) {
        return be.fromArray(shape, random(shape.sizeAsInt(), seed), 0);
    }

    private static CpuStorage storage(Tensor t) {
        return (CpuStorage) t.storage();
    }
}
