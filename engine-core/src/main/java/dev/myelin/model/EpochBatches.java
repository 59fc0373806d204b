package dev.myelin.model;

import dev.myelin.data.BatchStream;
import dev.myelin.data.Batches;
import dev.myelin.data.DataSource;

import java.util.NoSuchElementException;

/**
 * The batches of each epoch of a {@code fit}. Epoch {@code e} is one pass over the data, shuffled
 * with a seed derived from fit's seed and {@code e} (so a run resumed at epoch {@code e} shuffles as
 * an uninterrupted one). With Keras's {@code steps_per_epoch} an epoch is that many batches instead,
 * taken on from where the last epoch stopped; when a pass runs out the next one starts, shuffled
 * with the next pass's seed.
 */
final class EpochBatches implements AutoCloseable {
    private final DataSource data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int stepsPerEpoch;
    private BatchStream pass;
    private int passes;

    EpochBatches(DataSource data, int batchSize, boolean shuffle, long seed, int stepsPerEpoch) {
        this.data = data;
        // Keras clamps a batch larger than the data to the data: no buffer larger than the data is made.
        this.batchSize = data.preferredBatchSize() > 0 ? data.preferredBatchSize() : Math.min(batchSize, Math.max(1, data.size()));
        this.shuffle = shuffle;
        this.seed = seed;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    private long passSeed(long pass) {
        return seed * 1_000_003L + pass + 1;
    }

    /** The size of a batch (the last of a pass may be smaller). */
    int batchSize() {
        return batchSize;
    }

    /** Batches per epoch. */
    int steps() {
        return stepsPerEpoch > 0 ? stepsPerEpoch : (data.size() + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch} (0-based). */
    BatchStream epoch(int epoch) {
        if (stepsPerEpoch == 0) return data.epoch(batchSize, shuffle, passSeed(epoch));
        return new BatchStream() {
            private int taken;

            @Override public int count() { return stepsPerEpoch; }

            @Override
            public boolean hasNext() {
                if (taken >= stepsPerEpoch) return false;
                if (pass == null || !pass.hasNext()) {
                    if (pass != null) pass.close();
                    pass = data.epoch(batchSize, shuffle, passSeed(passes++));
                }
                return pass.hasNext();
            }

            @Override
            public Batches.Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                return Batches.reindexed(pass.next(), taken++);
            }

            @Override public void close() {} // the pass goes on in the next epoch
        };
    }

    @Override
    public void close() {
        if (pass != null) pass.close();
    }
}
