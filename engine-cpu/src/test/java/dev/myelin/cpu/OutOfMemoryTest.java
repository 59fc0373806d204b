package dev.myelin.cpu;

import dev.myelin.backend.InsufficientMemoryException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tensor larger than the heap is an InsufficientMemoryException with the numbers, not an OutOfMemoryError. */
class OutOfMemoryTest {
    @Test
    void aTensorLargerThanTheHeapSaysHowMuchAndHowToRaiseIt() {
        BufferPool pool = new BufferPool(1 << 20);
        int length = Integer.MAX_VALUE - 8; // 8 GiB of floats: more than any test heap (-Xmx4g)
        long max = Runtime.getRuntime().maxMemory();
        if (max >= 4L * length) return; // a heap this large holds it: nothing to test here
        InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class, () -> pool.acquire(length));
        assertEquals(4L * length, e.needed());
        assertTrue(e.available() <= max, e.getMessage());
        assertTrue(e.getMessage().startsWith("a tensor of 2147483639 floats needs 8.0 GiB (8589934556 bytes) but "), e.getMessage());
        assertTrue(e.getMessage().contains("MYELIN_JAVA_OPTS=-Xmx"), e.getMessage());
    }
}
