package dev.myelin.data;

import dev.myelin.tensor.Shape;

import java.util.Arrays;

/**
 * Samples and labels held in memory on the Java heap: {@code size} samples of {@code sampleShape}
 * (e.g. {@code (28, 28, 1)}) and {@code size} labels of {@code labelShape} ({@code ()} for a class
 * index, {@code (10)} for one-hot, {@code (1)} for a binary target). Row-major, sample after sample.
 */
public final class Dataset implements DataSource {
    private final float[] x;
    private final Shape sampleShape;
    private final float[] y;
    private final Shape labelShape;
    private final int size;
    private float[] sampleWeights;

    /** Samples of {@code sampleShape} stored one after another in {@code x}, with their labels in {@code y}. */
    public Dataset(float[] x, Shape sampleShape, float[] y, Shape labelShape) {
        long sample = sampleShape.size();
        long label = labelShape.size();
        if (sample == 0 || x.length % sample != 0) {
            throw new IllegalArgumentException("inputs: " + x.length + " values do not divide into samples of shape " + sampleShape);
        }
        this.size = (int) (x.length / sample);
        if ((long) y.length != size * label) {
            throw new IllegalArgumentException("labels do not match inputs: " + size + " samples of shape " + sampleShape
                    + " but " + (label == 0 ? y.length : y.length / label) + " labels of shape " + labelShape);
        }
        this.x = x;
        this.sampleShape = sampleShape;
        this.y = y;
        this.labelShape = labelShape;
    }

    /** Rows of features with one class index (or binary target) each. */
    public static Dataset of(float[][] x, float[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("labels do not match inputs: " + x.length + " samples but " + y.length + " labels");
        }
        return new Dataset(flatten(x), Shape.of(width(x)), y.clone(), Shape.SCALAR);
    }

    /** Rows of features with a row of targets each (one-hot labels, regression targets). */
    public static Dataset of(float[][] x, float[][] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("labels do not match inputs: " + x.length + " samples but " + y.length + " labels");
        }
        return new Dataset(flatten(x), Shape.of(width(x)), flatten(y), Shape.of(width(y)));
    }

    private static int width(float[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("empty dataset");
        return rows[0].length;
    }

    private static float[] flatten(float[][] rows) {
        int w = width(rows);
        float[] out = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != w) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + w);
            }
            System.arraycopy(rows[i], 0, out, i * w, w);
        }
        return out;
    }

    /**
     * Keras's {@code sample_weight}: one weight per sample, by which its loss is multiplied (the
     * batch's loss stays a sum over the batch size, as Keras reduces it). Returns a copy carrying them.
     */
    public Dataset withSampleWeights(float[] weights) {
        if (weights.length != size) {
            throw new IllegalArgumentException("sample weights: " + weights.length + " weights for " + size + " samples");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Float.isInfinite(weights[i])) {
                throw new IllegalArgumentException("sample weights: the weight of sample " + i + " is " + weights[i]
                        + "; weights must be finite and not negative");
            }
        }
        Dataset d = new Dataset(x, sampleShape, y, labelShape);
        d.sampleWeights = weights.clone();
        return d;
    }

    /** The per-sample weights, or null when every sample weighs 1 (not a copy). */
    public float[] sampleWeights() { return sampleWeights; }

    @Override
    public int size() { return size; }

    @Override
    public Shape sampleShape() { return sampleShape; }

    @Override
    public Shape labelShape() { return labelShape; }

    /** The inputs, sample after sample (not a copy). */
    public float[] x() { return x; }

    /** The labels, sample after sample (not a copy). */
    public float[] y() { return y; }

    /** Samples {@code [from, to)}, copied. */
    public Dataset subset(int from, int to) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("subset [" + from + ", " + to + ") of a dataset of " + size + " samples");
        }
        int s = sampleShape.sizeAsInt(), l = labelShape.sizeAsInt();
        Dataset d = new Dataset(Arrays.copyOfRange(x, from * s, to * s), sampleShape,
                Arrays.copyOfRange(y, from * l, to * l), labelShape);
        if (sampleWeights != null) d.sampleWeights = Arrays.copyOfRange(sampleWeights, from, to);
        return d;
    }

    /** The samples at {@code indices}, in that order, copied (with their weights). */
    public Dataset select(int[] indices) {
        int s = sampleShape.sizeAsInt(), l = labelShape.sizeAsInt();
        float[] sx = new float[indices.length * s], sy = new float[indices.length * l];
        float[] sw = sampleWeights == null ? null : new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int k = indices[i];
            if (k < 0 || k >= size) throw new IndexOutOfBoundsException("sample " + k + " of a dataset of " + size);
            System.arraycopy(x, k * s, sx, i * s, s);
            System.arraycopy(y, k * l, sy, i * l, l);
            if (sw != null) sw[i] = sampleWeights[k];
        }
        Dataset d = new Dataset(sx, sampleShape, sy, labelShape);
        d.sampleWeights = sw;
        return d;
    }

    /**
     * scikit-learn's {@code train_test_split}: {@code ceil(testFraction * size)} samples drawn at
     * random (from {@code seed}) become the test set, the rest the training set, each keeping the
     * drawn order. Returns {@code {train, test}}.
     */
    public Dataset[] trainTestSplit(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        int test = (int) Math.ceil(testFraction * size);
        if (test >= size) {
            throw new IllegalArgumentException("a test fraction of " + testFraction + " of " + size + " samples leaves no training samples");
        }
        int[] order = Batches.order(size, true, seed);
        return new Dataset[] {select(Arrays.copyOfRange(order, test, size)), select(Arrays.copyOfRange(order, 0, test))};
    }

    /**
     * Keras's {@code validation_split}: the last {@code fraction} of the samples (taken before any
     * shuffling) become the validation set. Returns {@code {training, validation}}.
     */
    public Dataset[] splitLast(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation split must be in (0, 1), got " + fraction);
        }
        int validation = (int) Math.round(size * fraction);
        if (validation < 1 || validation >= size) {
            throw new IllegalArgumentException("validation split " + fraction + " of " + size + " samples leaves an empty part");
        }
        return new Dataset[] {subset(0, size - validation), subset(size - validation, size)};
    }

    /** Mini-batches over this dataset; see {@link Batches}. */
    public Batches batches(int batchSize, boolean shuffle, long seed) {
        return new Batches(this, batchSize, shuffle, seed);
    }

    @Override
    public BatchStream epoch(int batchSize, boolean shuffle, long seed) {
        return batches(batchSize, shuffle, seed).stream();
    }
}
