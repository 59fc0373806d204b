package dev.myelin.cpu;

import dev.myelin.backend.Conv2dGeometry;
import dev.myelin.backend.Padding;
import org.junit.jupiter.api.Test;

import static dev.myelin.cpu.Reference.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A filter packing kept between forward calls ({@link PackedFilters}) is used only while the filter
 * holds the values it was packed from: after any write to the filter the next forward uses the new
 * values, checked against a forward of a copy of the filter (an array the cache has never seen).
 */
class PackedFiltersTest {
    private final BufferPool pool = new BufferPool(1 << 22);

    @Test
    void aKeptPackingNeverOutlivesTheValuesItWasPackedFrom() {
        // LeNet's second layer: through the patches.
        Conv2dGeometry g = Conv2dGeometry.of(2, 12, 12, 20, 50, 5, 5, 1, 1, Padding.VALID);
        int k = 5 * 5 * 20, o = 50, ySize = 2 * 8 * 8 * o;
        float[] x = random(2 * 12 * 12 * 20, 1), w = random(o * k, 2);
        float[] first = forward(x, w, g, ySize);
        assertNull(PackedFilters.kept(w.clone(), true, k, o), "a filter array seen for the first time has no packing");
        for (int call = 0; call < 3; call++) assertArrayEquals(first, forward(x, w, g, ySize), "call " + call + ", same values");
        assertNotNull(PackedFilters.kept(w, true, k, o), "unchanged over calls: the packing is kept");

        for (int index : new int[] {o * k - 1, 0, o * k / 2}) {
            w[index] += 0.5f; // as an optimizer or set_weights writes in place
            assertArrayEquals(forward(x, w.clone(), g, ySize), forward(x, w, g, ySize), "after writing element " + index);
            assertArrayEquals(forward(x, w.clone(), g, ySize), forward(x, w, g, ySize), "and again, now kept");
        }
    }

    private float[] forward(float[] x, float[] w, Conv2dGeometry g, int ySize) {
        float[] y = new float[ySize];
        CpuConvolution.forward(x, w, y, g, pool);
        return y;
    }
}
