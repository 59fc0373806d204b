package dev.myelin.data;

import dev.myelin.tensor.Shape;

import java.util.Arrays;

/**
 * Samples and labels held in memory on the Java heap: {@code size} samples of {@code sampleShape}
 * (e.g. {@code (28, 28, 1)}) and {@code size} labels of {@code labelShape} ({@code ()} for a class
 * index, {@code (10)} for one-hot, {@code (1)} for a binary target). Row-major, sample after sample.
 */
public final class Dataset {
    private final float[] x;
    private final Shape sampleShape;
    private final float[] y;
    private final Shape labelShape;
    private final int size;

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

    public int size() { return size; }

    public Shape sampleShape() { return sampleShape; }

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
        return new Dataset(Arrays.copyOfRange(x, from * s, to * s), sampleShape,
                Arrays.copyOfRange(y, from * l, to * l), labelShape);
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
}
