package dev.myelin.tensor;

import java.util.Arrays;

/** An immutable tensor shape: dense, row-major. Prints as Keras does, e.g. {@code (None, 28, 28, 1)} minus the None. */
public final class Shape {
    private final int[] dims;
    private final long size;

    private Shape(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            if (d != 0 && n > Long.MAX_VALUE / d) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " holds more than 2^63 values");
            }
            n *= d;
        }
        this.dims = dims;
        this.size = n;
    }

    /** The shape with these dimensions. */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** The shape of a scalar: rank 0, one element. */
    public static final Shape SCALAR = new Shape(new int[0]);

    /** The number of dimensions. */
    public int rank() { return dims.length; }

    /** The size of axis {@code axis}; negative axes count from the end, as in NumPy. */
    public int dim(int axis) {
        return dims[axis < 0 ? dims.length + axis : axis];
    }

    /** Number of elements. */
    public long size() { return size; }

    /** Number of elements as an int, for backends whose storage is indexed by int. */
    public int sizeAsInt() {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a tensor of shape " + this + " would hold " + size
                    + " values, more than the 2147483647 a tensor can");
        }
        return (int) size;
    }

    /** A copy of the dimensions. */
    public int[] toArray() { return dims.clone(); }

    /** The shape without its first axis (a sample's shape, for a batch). */
    public Shape dropFirst() {
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** This shape with {@code first} prepended (a batch of this shape). */
    public Shape prepend(int first) {
        int[] d = new int[dims.length + 1];
        d[0] = first;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** This shape with its last axis replaced. */
    public Shape withLast(int last) {
        int[] d = dims.clone();
        d[d.length - 1] = last;
        return new Shape(d);
    }

    /** The shape without its last axis. */
    public Shape dropLast() {
        return new Shape(Arrays.copyOf(dims, dims.length - 1));
    }

    /** Product of all axes but the last: the number of rows when the tensor is viewed as a matrix. */
    public int rows() {
        return dims.length == 0 ? 1 : Math.toIntExact(size / Math.max(1, dims[dims.length - 1]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(dims); }

    @Override
    public String toString() {
        if (dims.length == 1) return "(" + dims[0] + ",)";
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) b.append(", ");
            b.append(dims[i]);
        }
        return b.append(')').toString();
    }
}
