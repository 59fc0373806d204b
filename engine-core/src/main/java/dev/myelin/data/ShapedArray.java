package dev.myelin.data;

import dev.myelin.tensor.Shape;

import java.util.Arrays;

/**
 * A batch of samples on the Java heap with its full shape, batch axis first (what a NumPy array is
 * to Keras): {@code ShapedArray.of(pixels, 60000, 28, 28, 1)}. The values are row-major, sample after
 * sample, and not copied.
 */
public final class ShapedArray {
    private final float[] data;
    private final Shape shape;

    private ShapedArray(float[] data, Shape shape) {
        if (shape.rank() < 1) throw new IllegalArgumentException("a ShapedArray needs a batch axis, got shape " + shape);
        if (shape.size() != data.length) {
            throw new IllegalArgumentException(data.length + " values do not fill shape " + shape + " (" + shape.size() + " values)");
        }
        this.data = data;
        this.shape = shape;
    }

    /** Wraps {@code data} (not copied) as an array of {@code shape}, batch axis first. */
    public static ShapedArray of(float[] data, int... shape) {
        return new ShapedArray(data, Shape.of(shape));
    }

    /** Wraps {@code data} (not copied) as an array of {@code shape}, batch axis first. */
    public static ShapedArray of(float[] data, Shape shape) {
        return new ShapedArray(data, shape);
    }

    /** Rows of features: shape {@code (rows, width)}. */
    public static ShapedArray ofRows(float[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("no rows");
        int w = rows[0].length;
        float[] data = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != w) throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + w);
            System.arraycopy(rows[i], 0, data, i * w, w);
        }
        return new ShapedArray(data, Shape.of(rows.length, w));
    }

    /** One value per sample (class indices, binary targets): shape {@code (n,)}. */
    public static ShapedArray ofValues(float[] values) {
        return new ShapedArray(values, Shape.of(values.length));
    }

    /** The values, row-major (not a copy). */
    public float[] data() { return data; }

    /** The full shape, batch axis first. */
    public Shape shape() { return shape; }

    /** The number of samples (the batch axis). */
    public int count() { return shape.dim(0); }

    /** One sample's shape: the shape without the batch axis. */
    public Shape sampleShape() { return shape.dropFirst(); }

    /** Sample {@code i}'s values, copied. */
    public float[] sample(int i) {
        int s = sampleShape().sizeAsInt();
        return Arrays.copyOfRange(data, i * s, (i + 1) * s);
    }

    /** The value at {@code index} (one index per axis, batch first). */
    public float get(int... index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("an index into shape " + shape + " needs " + shape.rank() + " numbers, got " + index.length);
        }
        int flat = 0;
        for (int a = 0; a < index.length; a++) {
            if (index[a] < 0 || index[a] >= shape.dim(a)) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape " + shape);
            }
            flat = flat * shape.dim(a) + index[a];
        }
        return data[flat];
    }

    /** One row of values per sample. */
    public float[][] rows() {
        float[][] r = new float[count()][];
        for (int i = 0; i < r.length; i++) r[i] = sample(i);
        return r;
    }

    @Override
    public String toString() {
        return "ShapedArray" + shape;
    }
}
