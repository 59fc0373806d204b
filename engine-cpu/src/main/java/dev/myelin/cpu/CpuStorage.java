package dev.myelin.cpu;

import dev.myelin.tensor.Storage;

/** A tensor's values on the Java heap; the array comes from, and returns to, its backend's pool. */
public final class CpuStorage extends Storage {
    private final float[] data;
    private final BufferPool pool;

    CpuStorage(float[] data, BufferPool pool) {
        this.data = data;
        this.pool = pool;
    }

    /** The values, row-major; the tensor's elements are {@code [0, shape.size())}. */
    public float[] data() {
        return data;
    }

    @Override
    public long elements() {
        return data.length;
    }

    @Override
    protected void free() {
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
