package dev.myelin.cpu;

import dev.myelin.tensor.Scope;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tensor lifetimes on the CPU: closing returns arrays to the pool exactly once, and only when no view uses them. */
class CpuStorageTest {
    private static final Shape SHAPE = Shape.of(3, 5);
    private final CpuBackend be = new CpuBackend();

    private static float[] array(Tensor t) {
        return ((CpuStorage) t.storage()).data();
    }

    @Test
    void closingAScopeReturnsItsBuffersForReuse() {
        float[] first;
        try (Scope s = Scope.open()) {
            first = array(be.zeros(SHAPE));
            be.full(SHAPE, 1f);
            assertEquals(0, be.pooledFloats());
        }
        assertEquals(2 * SHAPE.size(), be.pooledFloats());
        try (Tensor again = be.empty(SHAPE); Tensor second = be.empty(SHAPE)) {
            assertEquals(0, be.pooledFloats(), "both pooled arrays should be handed back");
            assertTrue(array(again) == first || array(second) == first, "the pool should hand back the arrays it holds");
            assertNotSame(array(again), array(second));
        }
    }

    @Test
    void keptTensorsSurviveTheirScope() {
        Tensor kept;
        try (Scope s = Scope.open()) {
            kept = Scope.keep(be.full(SHAPE, 2f));
            be.zeros(SHAPE);
        }
        assertEquals(SHAPE.size(), be.pooledFloats());
        assertEquals(30f, be.sum(kept).item());
        kept.close();
    }

    @Test
    void aViewKeepsTheStorageAlive() {
        Tensor base = be.full(SHAPE, 3f);
        Tensor view = base.view(Shape.of(15));
        base.close();
        assertEquals(0, be.pooledFloats(), "the view still uses the array");
        assertArrayEquals(new float[15], be.scalar(dev.myelin.backend.ScalarOp.ADD, view, -3f).toArray());
        view.close();
        assertEquals(SHAPE.size(), be.pooledFloats());
        assertThrows(IllegalStateException.class, () -> view.storage(), "a closed tensor must refuse access");
    }

    @Test
    void closingTwiceReturnsTheArrayOnce() {
        Tensor t = be.empty(SHAPE);
        t.close();
        t.close();
        assertEquals(SHAPE.size(), be.pooledFloats());
        try (Tensor a = be.empty(SHAPE); Tensor b = be.empty(SHAPE)) {
            assertNotSame(array(a), array(b), "one array handed out twice would alias two tensors");
        }
    }

    @Test
    void unreachableStorageIsNotPooled() {
        BufferPool pool = new BufferPool(1 << 20);
        CpuStorage storage = new CpuStorage(new float[8], pool);
        storage.freeUnreachable(); // an op may still be reading it: only the GC may reclaim it
        assertEquals(0, pool.pooledFloats());
        storage.free();
        assertEquals(8, pool.pooledFloats());
    }

    @Test
    void thePoolIsBounded() {
        BufferPool pool = new BufferPool(10 * Float.BYTES);
        pool.release(new float[6]);
        pool.release(new float[6]);
        assertEquals(6, pool.pooledFloats(), "the second array would exceed the 10-float bound");
        assertEquals(6, pool.acquire(6).length);
        assertEquals(0, pool.pooledFloats());
    }
}
