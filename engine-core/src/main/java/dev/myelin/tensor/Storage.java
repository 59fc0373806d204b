package dev.myelin.tensor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Memory owned by a backend: a Java array on the CPU, a device pointer on CUDA. Reference counted,
 * because views ({@link Tensor#reshape}) share their base's storage.
 */
public abstract class Storage {
    private final AtomicInteger references = new AtomicInteger(1);

    /** Number of float32 elements this storage holds. */
    public abstract long elements();

    /** Returns the memory to the backend; called once, when the last reference is released explicitly. */
    protected abstract void free();

    /**
     * Called instead of {@link #free()} when the last reference went away because a tensor became
     * unreachable (the Cleaner's safety net, on the Cleaner's thread). The default frees; a backend
     * whose memory may still be in use by an op running on another thread should defer instead.
     */
    protected void freeUnreachable() {
        free();
    }

    final void retain() {
        if (references.getAndIncrement() <= 0) throw new IllegalStateException("storage already freed");
    }

    final void release(boolean explicit) {
        int left = references.decrementAndGet();
        if (left == 0) {
            if (explicit) free(); else freeUnreachable();
        } else if (left < 0) {
            throw new IllegalStateException("storage released twice");
        }
    }
}
