package dev.myelin.cpu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class BufferPoolTest {
    /** Lengths that share their low bits (multiples of a batch size) and more of them than the table's first size. */
    private static List<Integer> lengths() {
        List<Integer> n = new ArrayList<>();
        for (int i = 1; i <= 200; i++) n.add(i * 32);
        for (int i = 1; i <= 20; i++) n.add(i << 16);
        n.add(7);
        n.add(Integer.MAX_VALUE / 64);
        return n;
    }

    @Test
    void givesBackTheArrayReleasedWithTheSameLengthAndOnlyThatLength() {
        BufferPool pool = new BufferPool(Long.MAX_VALUE);
        List<float[]> released = new ArrayList<>();
        for (int n : lengths()) {
            if (n > 1 << 22) continue;   // no need to allocate the huge one
            float[] a = pool.acquire(n);
            assertEquals(n, a.length);
            released.add(a);
        }
        long floats = 0;
        for (float[] a : released) {
            pool.release(a);
            floats += a.length;
        }
        assertEquals(floats, pool.pooledFloats());
        long allocations = pool.allocations();
        for (int i = released.size() - 1; i >= 0; i--) {
            assertSame(released.get(i), pool.acquire(released.get(i).length), "length " + released.get(i).length);
        }
        assertEquals(allocations, pool.allocations(), "every acquire after the releases is served from the pool");
        assertEquals(0, pool.pooledFloats());
        assertNotSame(released.get(0), pool.acquire(released.get(0).length), "each array is given out once");
    }

    @Test
    void lastReleasedFirstAndBoundedByItsCapacity() {
        BufferPool pool = new BufferPool(3 * 100 * Float.BYTES);
        float[] a = new float[100], b = new float[100], c = new float[100], d = new float[100];
        pool.release(a);
        pool.release(b);
        pool.release(c);
        pool.release(d);   // over the capacity: left to the garbage collector
        assertEquals(300, pool.pooledFloats());
        assertSame(c, pool.acquire(100));
        assertSame(b, pool.acquire(100));
        assertSame(a, pool.acquire(100));
        assertNotSame(d, pool.acquire(100));
    }

    @Test
    void clearForgetsEverythingAndTheTableStillWorks() {
        BufferPool pool = new BufferPool(Long.MAX_VALUE);
        for (int n : lengths()) if (n <= 1 << 22) pool.release(new float[n]);
        pool.clear();
        assertEquals(0, pool.pooledFloats());
        float[] a = new float[64];
        pool.release(a);
        assertSame(a, pool.acquire(64));
        assertEquals(0, pool.acquire(0).length);
    }
}
