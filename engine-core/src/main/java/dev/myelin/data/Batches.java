package dev.myelin.data;

import dev.myelin.tensor.Shape;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * One epoch of mini-batches: {@code ceil(size / batchSize)} batches, the last one possibly
 * smaller, in a seeded random order when shuffling. A batch size larger than the dataset is clamped
 * to it, as Keras does; an empty dataset is refused. The batch's arrays are reused from one batch
 * to the next, so a training loop allocates nothing per step: copy them before keeping them.
 */
public final class Batches implements Iterable<Batches.Batch> {

    /**
     * One mini-batch: {@code size} samples gathered into {@code x} and {@code y}, and their weights
     * in {@code sampleWeight} (null when every sample weighs 1).
     */
    public record Batch(int index, int size, float[] x, Shape xShape, float[] y, Shape yShape, float[] sampleWeight) {

        /** A batch whose samples all weigh 1. */
        public Batch(int index, int size, float[] x, Shape xShape, float[] y, Shape yShape) {
            this(index, size, x, xShape, y, yShape, null);
        }
    }

    private final Dataset data;
    private final int batchSize;
    private final int[] order;

    Batches(Dataset data, int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        if (data.size() == 0) {
            throw new IllegalArgumentException("the dataset holds no samples (0 samples of shape " + data.sampleShape()
                    + "); there is nothing to train on or evaluate");
        }
        this.data = data;
        this.batchSize = Math.min(batchSize, data.size()); // Keras: one batch of the whole set, no larger buffer
        this.order = order(data.size(), shuffle, seed);
    }

    /** {@code 0 .. n-1}, in a Fisher-Yates order drawn from {@code seed} when {@code shuffle}: every source shuffles alike. */
    static int[] order(int n, boolean shuffle, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** This epoch as a {@link BatchStream} (nothing runs in the background, so closing does nothing). */
    public BatchStream stream() {
        Iterator<Batch> it = iterator();
        return new BatchStream() {
            @Override public int count() { return Batches.this.count(); }
            @Override public boolean hasNext() { return it.hasNext(); }
            @Override public Batch next() { return it.next(); }
            @Override public void close() {}
        };
    }

    /** The batch size in effect: the one asked for, or the dataset's size when that is smaller. */
    public int batchSize() {
        return batchSize;
    }

    /** Number of batches in the epoch. */
    public int count() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> iterator() {
        int s = data.sampleShape().sizeAsInt(), l = data.labelShape().sizeAsInt();
        // Both fit in an int: the batch is no larger than the dataset, whose arrays hold them.
        float[] full = new float[batchSize * s], fullY = new float[batchSize * l];
        int lastSize = data.size() - (count() - 1) * batchSize;
        float[] last = lastSize == batchSize ? full : new float[lastSize * s];
        float[] lastY = lastSize == batchSize ? fullY : new float[lastSize * l];
        float[] weights = data.sampleWeights();
        float[] fullW = weights == null ? null : new float[batchSize];
        float[] lastW = weights == null ? null : lastSize == batchSize ? fullW : new float[lastSize];
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() { return next < count(); }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int from = next * batchSize;
                int n = Math.min(batchSize, data.size() - from);
                float[] x = n == batchSize ? full : last, y = n == batchSize ? fullY : lastY, w = n == batchSize ? fullW : lastW;
                for (int i = 0; i < n; i++) {
                    int src = order[from + i];
                    System.arraycopy(data.x(), src * s, x, i * s, s);
                    System.arraycopy(data.y(), src * l, y, i * l, l);
                    if (w != null) w[i] = weights[src];
                }
                Batch b = new Batch(next, n, x, data.sampleShape().prepend(n), y, data.labelShape().prepend(n), w);
                next++;
                return b;
            }
        };
    }
}
