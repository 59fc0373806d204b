package dev.myelin.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Device memory with a cache: a freed block goes back to the pool of its size class and the next
 * request of that class takes it, so after a training step's first run nothing is asked of the
 * driver. Reusing a block at once is safe because every op runs on the backend's one stream, in
 * order. When the driver is out of memory, the listeners release what they can spare, the cache is
 * emptied and the request retried once.
 *
 * <p>Blocks of tensors collected by the Cleaner arrive on another thread: they wait in a queue that
 * the backend's thread drains, since only that thread may touch the device.
 */
public final class CachingAllocator {

    /** What the allocator needs from the device; the driver in production, a fake in tests. */
    public interface Device {
        /** A block of {@code bytes}, or 0 when the device is out of memory. */
        long allocate(long bytes);

        void free(long address);

        /** {@code {free, total}} bytes. */
        long[] memoryInfo();

        /** Waits for queued work (before memory goes back to the driver). */
        void synchronize();
    }

    /** A block of device memory. */
    public record Block(long address, long bytes) {}

    static final long SMALL = 1 << 20;

    private final Device device;
    private final Map<Long, ArrayDeque<Block>> pools = new HashMap<>();
    private final ConcurrentLinkedQueue<Block> unreachable = new ConcurrentLinkedQueue<>();
    private final java.util.List<Runnable> outOfMemoryListeners = new java.util.ArrayList<>();
    private long cachedBytes;
    private long inUseBytes;
    private long driverAllocations;
    private boolean closed;

    public CachingAllocator(Device device) {
        this.device = device;
    }

    /** The size class of a request: multiples of 512 bytes below 1 MiB, of 1 MiB above (at least 512). */
    static long sizeClass(long bytes) {
        long unit = bytes < SMALL ? 512 : SMALL;
        return Math.max(unit, (bytes + unit - 1) / unit * unit);
    }

    public synchronized Block allocate(long bytes) {
        if (closed) throw new IllegalStateException("the CUDA backend is closed");
        drainUnreachable();
        long size = sizeClass(bytes);
        ArrayDeque<Block> pool = pools.get(size);
        if (pool != null && !pool.isEmpty()) {
            Block b = pool.pop();
            cachedBytes -= b.bytes();
            inUseBytes += b.bytes();
            return b;
        }
        long address = device.allocate(size);
        if (address == 0) {
            for (Runnable l : outOfMemoryListeners) l.run();   // they release blocks they can do without
            emptyCache();
            address = device.allocate(size);
        }
        if (address == 0) {
            long[] info = device.memoryInfo();
            throw new OutOfDeviceMemoryException("CUDA out of memory: asked for " + bytes + " bytes (" + mib(size)
                    + " MiB); the device has " + mib(info[0]) + " MiB free of " + mib(info[1]) + " MiB, and Myelin holds "
                    + mib(inUseBytes) + " MiB in live tensors. Use a smaller batch or model, or free tensors (close them, or use a Scope).");
        }
        driverAllocations++;
        inUseBytes += size;
        return new Block(address, size);
    }

    /**
     * Runs {@code listener} when the driver is out of memory, before the cache is emptied and the request
     * retried: it releases blocks its owner can allocate again later (the convolution workspace).
     */
    public synchronized void onOutOfMemory(Runnable listener) {
        outOfMemoryListeners.add(listener);
    }

    /** Returns a block to its pool (the backend's thread). */
    public synchronized void release(Block b) {
        if (closed) return;
        inUseBytes -= b.bytes();
        cachedBytes += b.bytes();
        pools.computeIfAbsent(b.bytes(), k -> new ArrayDeque<>()).push(b);
    }

    /** Returns a block from any thread (the Cleaner's); it joins its pool at the next allocation. */
    public void releaseLater(Block b) {
        unreachable.add(b);
    }

    private void drainUnreachable() {
        for (Block b; (b = unreachable.poll()) != null; ) release(b);
    }

    /** Gives every cached block back to the driver. */
    public synchronized void emptyCache() {
        drainUnreachable();
        if (cachedBytes == 0) return;
        device.synchronize();
        for (ArrayDeque<Block> pool : pools.values()) {
            for (Block b : pool) device.free(b.address());
            pool.clear();
        }
        cachedBytes = 0;
    }

    /** How many blocks were ever asked of the driver: flat across training steps once warm. */
    public synchronized long driverAllocations() { return driverAllocations; }

    public synchronized long cachedBytes() { return cachedBytes; }

    public synchronized long inUseBytes() { return inUseBytes; }

    /** Frees the cache; blocks still held by live tensors go with the context. */
    public synchronized void close() {
        emptyCache();
        closed = true;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    /** The device ran out of memory even after the cache was emptied. */
    public static final class OutOfDeviceMemoryException extends RuntimeException {
        public OutOfDeviceMemoryException(String message) { super(message); }
    }
}
