package dev.myelin.data;

import dev.myelin.tensor.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples and labels held in memory on the Java heap: {@code size} samples of {@code sampleShape}
 * (e.g. {@code (28, 28, 1)}) and {@code size} labels of {@code labelShape} ({@code ()} for a class
 * index, {@code (10)} for one-hot, {@code (1)} for a binary target). Row-major, sample after sample.
 *
 * <p>A model with several inputs or outputs takes one array per input and one label array per output,
 * in the model's order: {@code Dataset.of(List.of(images, meta), List.of(classes, scores))}.
 */
public final class Dataset implements DataSource {
    private final List<float[]> xs;
    private final List<Shape> sampleShapes;
    private final List<float[]> ys;
    private final List<Shape> labelShapes;
    private final int size;
    private float[] sampleWeights;

    /** One input array and one label array. */
    public Dataset(float[] x, Shape sampleShape, float[] y, Shape labelShape) {
        this(List.of(x), List.of(sampleShape), List.of(y), List.of(labelShape));
    }

    private Dataset(List<float[]> xs, List<Shape> sampleShapes, List<float[]> ys, List<Shape> labelShapes) {
        if (xs.isEmpty()) throw new IllegalArgumentException("a dataset needs at least one input array");
        int n = -1;
        for (int i = 0; i < xs.size(); i++) {
            long sample = sampleShapes.get(i).size();
            float[] x = xs.get(i);
            if (sample == 0 || x.length % sample != 0) {
                throw new IllegalArgumentException(what("inputs", i, xs.size()) + ": " + x.length
                        + " values do not divide into samples of shape " + sampleShapes.get(i));
            }
            int count = (int) (x.length / sample);
            if (n >= 0 && count != n) {
                throw new IllegalArgumentException("input arrays differ in length: input 0 has " + n + " samples, input " + i + " has " + count);
            }
            n = count;
        }
        for (int i = 0; i < ys.size(); i++) {
            long label = labelShapes.get(i).size();
            float[] y = ys.get(i);
            if ((long) y.length != n * label) {
                throw new IllegalArgumentException(what("labels", i, ys.size()) + " do not match inputs: " + n + " samples of shape "
                        + sampleShapes.get(0) + " but " + (label == 0 ? y.length : y.length / label) + " labels of shape " + labelShapes.get(i));
            }
        }
        this.size = n;
        this.xs = List.copyOf(xs);
        this.sampleShapes = List.copyOf(sampleShapes);
        this.ys = List.copyOf(ys);
        this.labelShapes = List.copyOf(labelShapes);
    }

    private static String what(String kind, int i, int count) {
        return count == 1 ? kind : kind + " " + i;
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

    /** One input array and one label array, batch axis first (a label array of shape {@code (n,)} holds one value per sample). */
    public static Dataset of(ShapedArray x, ShapedArray y) {
        return of(List.of(x), List.of(y));
    }

    /** One array per model input and one label array per model output, in the model's order. */
    public static Dataset of(List<ShapedArray> inputs, List<ShapedArray> labels) {
        List<float[]> xs = new ArrayList<>(), ys = new ArrayList<>();
        List<Shape> xShapes = new ArrayList<>(), yShapes = new ArrayList<>();
        for (ShapedArray a : inputs) {
            xs.add(a.data());
            xShapes.add(a.sampleShape());
        }
        for (ShapedArray a : labels) {
            ys.add(a.data());
            yShapes.add(a.sampleShape());
        }
        return new Dataset(xs, xShapes, ys, yShapes);
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
        if (weights.length != size()) {
            throw new IllegalArgumentException("sample weights: " + weights.length + " weights for " + size() + " samples");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Float.isInfinite(weights[i])) {
                throw new IllegalArgumentException("sample weights: the weight of sample " + i + " is " + weights[i]
                        + "; weights must be finite and not negative");
            }
        }
        Dataset d = new Dataset(xs, sampleShapes, ys, labelShapes);
        d.sampleWeights = weights.clone();
        return d;
    }

    /** The per-sample weights, or null when every sample weighs 1 (not a copy). */
    public float[] sampleWeights() { return sampleWeights; }

    /** The number of samples. */
    @Override
    public int size() { return size; }

    /** How many input arrays (one per model input). */
    public int inputCount() { return xs.size(); }

    /** How many label arrays (one per model output). */
    public int labelCount() { return ys.size(); }

    /** The sample shape of the only input array. */
    @Override
    public Shape sampleShape() { return sampleShapes.get(only(xs.size(), "input")); }

    /** The label shape of the only label array. */
    @Override
    public Shape labelShape() { return labelShapes.get(only(ys.size(), "label")); }

    /** The only input array, sample after sample (not a copy). */
    public float[] x() { return xs.get(only(xs.size(), "input")); }

    /** The only label array, sample after sample (not a copy). */
    public float[] y() { return ys.get(only(ys.size(), "label")); }

    private static int only(int count, String kind) {
        if (count != 1) throw new IllegalStateException("this dataset has " + count + " " + kind + " arrays; ask for one by its index");
        return 0;
    }

    /** Input array {@code i}'s sample shape. */
    public Shape sampleShape(int i) { return sampleShapes.get(i); }

    /** Label array {@code i}'s label shape. */
    public Shape labelShape(int i) { return labelShapes.get(i); }

    /** Input array {@code i} (not a copy). */
    public float[] x(int i) { return xs.get(i); }

    /** Label array {@code i} (not a copy). */
    public float[] y(int i) { return ys.get(i); }

    /** Samples {@code [from, to)}, copied. */
    public Dataset subset(int from, int to) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("subset [" + from + ", " + to + ") of a dataset of " + size + " samples");
        }
        Dataset d = new Dataset(slice(xs, sampleShapes, from, to), sampleShapes, slice(ys, labelShapes, from, to), labelShapes);
        if (sampleWeights != null) d.sampleWeights = Arrays.copyOfRange(sampleWeights, from, to);
        return d;
    }

    /** The samples at {@code indices}, in that order, copied (with their weights). */
    public Dataset select(int[] indices) {
        for (int k : indices) {
            if (k < 0 || k >= size) throw new IndexOutOfBoundsException("sample " + k + " of a dataset of " + size);
        }
        Dataset d = new Dataset(gather(xs, sampleShapes, indices), sampleShapes, gather(ys, labelShapes, indices), labelShapes);
        if (sampleWeights != null) {
            d.sampleWeights = new float[indices.length];
            for (int i = 0; i < indices.length; i++) d.sampleWeights[i] = sampleWeights[indices[i]];
        }
        return d;
    }

    private static List<float[]> gather(List<float[]> arrays, List<Shape> shapes, int[] indices) {
        List<float[]> out = new ArrayList<>();
        for (int a = 0; a < arrays.size(); a++) {
            int s = shapes.get(a).sizeAsInt();
            float[] src = arrays.get(a), dst = new float[indices.length * s];
            for (int i = 0; i < indices.length; i++) System.arraycopy(src, indices[i] * s, dst, i * s, s);
            out.add(dst);
        }
        return out;
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
        int n = size(), test = (int) Math.ceil(testFraction * n);
        if (test >= n) {
            throw new IllegalArgumentException("a test fraction of " + testFraction + " of " + n + " samples leaves no training samples");
        }
        int[] order = Batches.order(n, true, seed);
        return new Dataset[] {select(Arrays.copyOfRange(order, test, n)), select(Arrays.copyOfRange(order, 0, test))};
    }

    private static List<float[]> slice(List<float[]> arrays, List<Shape> shapes, int from, int to) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < arrays.size(); i++) {
            int s = shapes.get(i).sizeAsInt();
            out.add(Arrays.copyOfRange(arrays.get(i), from * s, to * s));
        }
        return out;
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
