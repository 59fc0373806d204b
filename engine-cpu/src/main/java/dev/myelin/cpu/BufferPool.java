package dev.myelin.cpu;

import dev.myelin.backend.InsufficientMemoryException;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Float arrays kept for reuse, keyed by exact length: a training step asks for the same sizes
 * every step, so after the first one it allocates nothing. Bounded: an array returned while the
 * pool holds its limit is left to the garbage collector.
 *
 * <p>The lengths index an open-addressing table of primitive keys, not a {@code HashMap<Integer, ...>}:
 * a step's lengths are multiples of its batch size, so their low bits agree and a {@code HashMap}
 * chained them into a few bins, then into tree bins, boxing every key on the way; the compiled
 * lookups deoptimized whenever a model brought new lengths.
 */
final class BufferPool {
    private final long capacityFloats;
    /** Lengths (0: empty slot), and at the same index the arrays of that length kept for reuse. */
    private int[] lengths = new int[64];
    @SuppressWarnings("unchecked")
    private ArrayDeque<float[]>[] queues = new ArrayDeque[64];
    private int used;
    private long pooledFloats;
    private long allocations;

    BufferPool(long capacityBytes) {
        this.capacityFloats = capacityBytes / Float.BYTES;
    }

    /** An array of exactly {@code length} floats with unspecified contents. */
    float[] acquire(int length) {
        if (length == 0) return new float[0];
        synchronized (this) {
            ArrayDeque<float[]> q = queues[slot(lengths, length)];
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
            queueFor(a.length).addFirst(a);
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
        Arrays.fill(lengths, 0);
        Arrays.fill(queues, null);
        used = 0;
        pooledFloats = 0;
    }

    /** The queue of arrays of {@code length} floats, made (and the table grown) if there is none yet. */
    private ArrayDeque<float[]> queueFor(int length) {
        int i = slot(lengths, length);
        if (queues[i] != null) return queues[i];
        if (2 * (used + 1) > lengths.length) {
            grow();
            i = slot(lengths, length);
        }
        lengths[i] = length;
        used++;
        return queues[i] = new ArrayDeque<>();
    }

    /** Doubles the table (kept at most half full, so that probe runs stay short). */
    @SuppressWarnings("unchecked")
    private void grow() {
        int[] oldLengths = lengths;
        ArrayDeque<float[]>[] oldQueues = queues;
        lengths = new int[2 * oldLengths.length];
        queues = new ArrayDeque[lengths.length];
        for (int j = 0; j < oldLengths.length; j++) {
            if (oldLengths[j] == 0) continue;
            int i = slot(lengths, oldLengths[j]);
            lengths[i] = oldLengths[j];
            queues[i] = oldQueues[j];
        }
    }

    /**
     * The slot holding {@code length}, or the empty slot where it would go: linear probing from a
     * multiplicative hash (Fibonacci hashing), which spreads lengths that differ only in high bits.
     */
    private static int slot(int[] table, int length) {
        int mask = table.length - 1;
        int i = (length * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(table.length)) & mask;
        while (table[i] != 0 && table[i] != length) i = (i + 1) & mask;
        return i;
    }
}
