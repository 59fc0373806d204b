package dev.myelin.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BatchStream} whose batches are made on a background thread, up to {@code depth} ahead
 * of the consumer, so reading and decoding overlap the training step (tf.data's {@code prefetch}).
 * An error on the reader thread is rethrown by the consumer's next {@link #next()}.
 */
final class PrefetchingStream implements BatchStream {

    /** Makes batch {@code index} of the epoch, or returns null when the epoch ends early; called on the reader thread, in order. */
    @FunctionalInterface
    interface BatchMaker {
        Batches.Batch make(int index) throws IOException;
    }

    private static final Item END = new Item(null, null);

    private record Item(Batches.Batch batch, Throwable error) {}

    private final int count;
    private final BlockingQueue<Item> queue;
    private final Thread reader;
    private Item pending;
    private boolean ended;
    private volatile boolean closed;

    PrefetchingStream(int count, int depth, String name, BatchMaker maker) {
        if (depth < 1) throw new IllegalArgumentException("prefetch depth must be at least 1, got " + depth);
        this.count = count;
        this.queue = new ArrayBlockingQueue<>(depth);
        this.reader = Thread.ofPlatform().daemon().name(name).unstarted(() -> {
            try {
                for (int i = 0; i <= count && !closed; i++) {
                    Batches.Batch b = i == count ? null : maker.make(i);
                    Item item = b == null ? END : new Item(b, null);
                    while (!queue.offer(item, 20, TimeUnit.MILLISECONDS)) if (closed) return;
                    if (b == null) return;
                }
            } catch (Throwable e) {
                // Waits for room like a batch does: a dropped error would leave the consumer waiting forever.
                Item failure = new Item(null, e);
                try {
                    while (!closed && !queue.offer(failure, 20, TimeUnit.MILLISECONDS)) {
                        // the consumer has not taken the batches before it yet
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        reader.start();
    }

    /** The number of batches planned; fewer come when the maker ends the epoch early. */
    @Override
    public int count() { return count; }

    @Override
    public boolean hasNext() {
        if (closed || ended) return false;
        if (pending == null) {
            try {
                pending = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next batch", e);
            }
        }
        if (pending == END) {
            ended = true;
            return false;
        }
        return true;
    }

    @Override
    public Batches.Batch next() {
        if (closed) throw new IllegalStateException("the batch stream is closed");
        if (!hasNext()) throw new NoSuchElementException();
        Item item = pending;
        pending = null;
        if (item.error() != null) {
            close();
            Throwable e = item.error();
            if (e instanceof IOException io) throw new UncheckedIOException(io.getMessage(), io);
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException("reading a batch failed: " + e, e);
        }
        return item.batch();
    }

    @Override
    public void close() {
        if (closed) return;
        // Not interrupted: an interrupt would close a FileChannel the reader is using. It sees the flag within 20 ms.
        closed = true;
        queue.clear();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
