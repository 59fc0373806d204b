package dev.myelin.data;

import java.util.Iterator;

/**
 * One epoch of mini-batches from a {@link DataSource}. A stream that reads ahead on a background
 * thread stops it when closed, so a training loop that ends early (EarlyStopping) closes it.
 */
public interface BatchStream extends Iterator<Batches.Batch>, AutoCloseable {

    /** Number of batches in the epoch. */
    int count();

    /** Stops background work and releases the stream's resources; reading on after it is an error. */
    @Override
    void close();
}
