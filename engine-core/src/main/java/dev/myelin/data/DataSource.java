package dev.myelin.data;

import dev.myelin.tensor.Shape;

/**
 * Where {@code fit}, {@code evaluate} and {@code predict} take their samples from, one epoch of
 * mini-batches at a time: an in-memory {@link Dataset}, a {@link DiskDataset} that streams a file
 * larger than the heap, or an {@link ImageDataset} that decodes pictures as it goes.
 */
public interface DataSource {

    /** The shape of one sample, e.g. {@code (28, 28, 1)}. */
    Shape sampleShape();

    /** The shape of one label: {@code ()} for a class index, {@code (10)} for one-hot. */
    Shape labelShape();

    /** Number of samples in one epoch. */
    int size();

    /**
     * One epoch's batches: {@code ceil(size / batchSize)} of them, the last possibly smaller, in a
     * random order drawn from {@code seed} when {@code shuffle}. Close it to stop any background reading.
     */
    BatchStream epoch(int batchSize, boolean shuffle, long seed);

    /** The batch size the source was made for (an image folder's {@code batchSize}), or 0 to take fit's. */
    default int preferredBatchSize() { return 0; }
}
