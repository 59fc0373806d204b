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
     * One mini-batch: {@code size} samples of every input array ({@code xs}, shapes {@code xShapes}) and
     * every label array ({@code ys}, {@code yShapes}), gathered into reused arrays, and their weights in
     * {@code sampleWeight} (null when every sample weighs 1).
     */
    public record Batch(int index, int size, float[][] xs, Shape[] xShapes, float[][] ys, Shape[] yShapes, float[] sampleWeight) {

        /** A batch of one input array and one label array, with sample weights (or null). */
        public Batch(int index, int size, float[] x, Shape xShape, float[] y, Shape yShape, float[] sampleWeight) {
            this(index, size, new float[][] {x}, new Shape[] {xShape}, new float[][] {y}, new Shape[] {yShape}, sampleWeight);
        }

        /** A batch of one input array and one label array whose samples all weigh 1. */
        public Batch(int index, int size, float[] x, Shape xShape, float[] y, Shape yShape) {
            this(index, size, x, xShape, y, yShape, null);
        }

        /** The first (usually only) input array. */
        public float[] x() { return xs[0]; }

        /** The first input's batch shape. */
        public Shape xShape() { return xShapes[0]; }

        /** The first (usually only) label array. */
        public float[] y() { return ys[0]; }

        /** The first label array's batch shape. */
        public Shape yShape() { return yShapes[0]; }
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

    /** {@code b} numbered {@code index} (an epoch of {@code steps_per_epoch} renumbers the batches it takes). */
    public static Batch reindexed(Batch b, int index) {
        return new Batch(index, b.size(), b.xs(), b.xShapes(), b.ys(), b.yShapes(), b.sampleWeight());
    }

    /** A batch of one input array and one label array: how the streaming sources make theirs. */
    static Batch single(int index, int size, float[] x, Shape xShape, float[] y, Shape yShape) {
        return new Batch(index, size, x, xShape, y, yShape, null);
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
        int inputs = data.inputCount(), labels = data.labelCount();
        int[] widths = new int[inputs + labels];
        float[][] src = new float[inputs + labels][];
        Shape[] sampleShapes = new Shape[inputs + labels];
        for (int i = 0; i < inputs; i++) {
            src[i] = data.x(i);
            sampleShapes[i] = data.sampleShape(i);
        }
        for (int i = 0; i < labels; i++) {
            src[inputs + i] = data.y(i);
            sampleShapes[inputs + i] = data.labelShape(i);
        }
        for (int i = 0; i < widths.length; i++) widths[i] = sampleShapes[i].sizeAsInt();
        int lastSize = data.size() - (count() - 1) * batchSize;
        float[][] full = new float[widths.length][], last = new float[widths.length][];
        for (int i = 0; i < widths.length; i++) {
            full[i] = new float[batchSize * widths[i]];
            last[i] = lastSize == batchSize ? full[i] : new float[lastSize * widths[i]];
        }
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
                float[][] arrays = n == batchSize ? full : last;
                for (int a = 0; a < arrays.length; a++) {
                    int w = widths[a];
                    for (int i = 0; i < n; i++) System.arraycopy(src[a], order[from + i] * w, arrays[a], i * w, w);
                }
                float[] sw = n == batchSize ? fullW : lastW;
                if (sw != null) for (int i = 0; i < n; i++) sw[i] = weights[order[from + i]];
                float[][] xs = java.util.Arrays.copyOfRange(arrays, 0, inputs), ys = java.util.Arrays.copyOfRange(arrays, inputs, arrays.length);
                Shape[] xShapes = new Shape[inputs], yShapes = new Shape[labels];
                for (int i = 0; i < inputs; i++) xShapes[i] = sampleShapes[i].prepend(n);
                for (int i = 0; i < labels; i++) yShapes[i] = sampleShapes[inputs + i].prepend(n);
                Batch b = new Batch(next, n, xs, xShapes, ys, yShapes, sw);
                next++;
                return b;
            }
        };
    }
}
