package dev.myelin.data;

/**
 * NumPy's {@code argmax(axis=-1)} for predictions: the index of the largest value of a row, the
 * first one on a tie, as NumPy picks. Turns softmax outputs into class indices.
 */
public final class Argmax {
    private Argmax() {}

    /** Index of the largest value in {@code row} (the first on a tie; NaN counts as largest, as in NumPy). */
    public static int argmax(float[] row) {
        return argmax(row, 0, row.length);
    }

    /** The class index of each row. */
    public static int[] argmax(float[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = argmax(rows[i]);
        return out;
    }

    /** The class index of each row of {@code width} values in {@code flat} (what {@code predict} returns). */
    public static int[] argmax(float[] flat, int width) {
        if (width < 1 || flat.length % width != 0) {
            throw new IllegalArgumentException("argmax: " + flat.length + " values do not divide into rows of " + width);
        }
        int[] out = new int[flat.length / width];
        for (int i = 0; i < out.length; i++) out[i] = argmax(flat, i * width, width) - i * width;
        return out;
    }

    private static int argmax(float[] v, int from, int width) {
        if (width == 0) throw new IllegalArgumentException("argmax of an empty row");
        int best = from;
        for (int i = from; i < from + width; i++) {
            if (Float.isNaN(v[i])) return i;
            if (v[i] > v[best]) best = i;
        }
        return best;
    }
}
