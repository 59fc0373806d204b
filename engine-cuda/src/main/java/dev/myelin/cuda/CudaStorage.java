package dev.myelin.cuda;

import dev.myelin.tensor.Storage;

/** A tensor's device memory: a block of the backend's {@link CachingAllocator}. */
final class CudaStorage extends Storage {
    private final CachingAllocator allocator;
    private final CachingAllocator.Block block;
    private final long elements;

    CudaStorage(CachingAllocator allocator, CachingAllocator.Block block, long elements) {
        this.allocator = allocator;
        this.block = block;
        this.elements = elements;
    }

    long address() { return block.address(); }

    @Override
    public long elements() { return elements; }

    @Override
    protected void free() {
        allocator.release(block);
    }

    /** On the Cleaner's thread: the block waits for the backend's thread, which alone touches the device. */
    @Override
    protected void freeUnreachable() {
        allocator.releaseLater(block);
    }
}
