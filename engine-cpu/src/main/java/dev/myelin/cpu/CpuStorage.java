package dev.myelin.cpu;

import dev.myelin.tensor.Storage;

/**
 * A tensor's values on the Java heap; the array comes from, and returns to, its backend's pool.
 *
 * <p>A storage counts the writes to its values after it was made: the backend's in-place ops
 * ({@link CpuBackend#addInPlace}, {@link CpuBackend#copyInto}, the optimizer updates, ...) and
 * every hand-out of the array outside the backend ({@link #data()}) count. Every other op writes
 * only the new tensors it returns. {@link KeptPackings} keeps a packing of the values with the
 * count it was made at, and uses it only while the count is the same.
 */
public final class CpuStorage extends Storage {
    private final float[] data;
    private final BufferPool pool;
    private volatile int writes;
    /** The packing of these values {@link KeptPackings} keeps, or null. */
    volatile KeptPackings.Kept kept;
    /** The Winograd transform of these values {@link CpuWinogradConvolution} keeps, or null. */
    volatile CpuWinogradConvolution.Kept winograd;

    CpuStorage(float[] data, BufferPool pool) {
        this.data = data;
        this.pool = pool;
    }

    /**
     * The values, row-major; the tensor's elements are {@code [0, shape.size())}. The caller may
     * write into them before the next op on this tensor: handing the array out counts as a write.
     * An array kept and written after later ops is not seen as a write (write through the
     * backend's ops, such as {@code copyInto}, instead).
     */
    public float[] data() {
        written();
        return data;
    }

    /** The values, for the backend's ops: they read it, or write it and call {@link #written()}. */
    float[] values() {
        return data;
    }

    /** Records a write to the values (after it, or before it: the count only has to change). */
    void written() {
        writes++;
    }

    /** How many writes were recorded so far. */
    int writes() {
        return writes;
    }

    @Override
    public long elements() {
        return data.length;
    }

    @Override
    protected void free() {
        kept = null;
        winograd = null;
        pool.release(data);
    }

    /**
     * The tensor became unreachable, but an op on another thread may still be reading its array
     * (the GC only knows the tensor object is gone): pooling the array could hand it to a writer
     * while that read runs. Leave it to the garbage collector.
     */
    @Override
    protected void freeUnreachable() {
    }
}
