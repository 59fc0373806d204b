package dev.myelin.cpu;

import dev.myelin.backend.InsufficientMemoryException;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays kept for reuse, keyed by exact length: a training step asks for the same sizes
 * every step, so after the first one it allocates nothing. Bounded: an array returned while the
 * pool holds its limit is left to the garbage collector.
 */
final class BufferPool {
    private final long capacityFloats;
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private long pooledFloats;
    private long allocations;

    BufferPool(long capacityBytes) {
        this.capacityFloats = capacityBytes / Float.BYTES;
    }

    /** An array of exactly {@code length} floats with unspecified contents. */
    float[] acquire(int length) {
        if (length == 0) return new float[0];
        synchronized (this) {
            ArrayDeque<float[]> q = free.get(length);
            float[] a = q == null ? null : q.pollFirst();
            if (a != null) {
                pooledFloats -= length;
                return a;
            }
            allocations++;
        }
        try {
            return new float[length];
        } catch (OutOfMemoryError first) {
            clear(); // the pooled arrays may be what fills the heap
            try {
                return new float[length];
            } catch (OutOfMemoryError e) {
                throw InsufficientMemoryException.heap("a tensor of " + length + " floats", (long) length * Float.BYTES, e);
            }
        }
    }

    /** Gives {@code a} back; the caller must not touch it again. */
    void release(float[] a) {
        if (a.length == 0) return;
        synchronized (this) {
            if (pooledFloats + a.length > capacityFloats) return;
            free.computeIfAbsent(a.length, n -> new ArrayDeque<>()).addFirst(a);
            pooledFloats += a.length;
        }
    }

    /** Floats currently held for reuse (for tests and diagnostics). */
    synchronized long pooledFloats() {
        return pooledFloats;
    }

    /** Arrays made because none of the size was pooled (for tests and diagnostics). */
    synchronized long allocations() {
        return allocations;
    }

    synchronized void clear() {
        free.clear();
        pooledFloats = 0;
    }
}
