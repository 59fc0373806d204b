package dev.myelin.backend;

/** Keras's padding modes. */
public enum Padding {
    /** No padding: the window stays inside the input. */
    VALID,
    /** Output size {@code ceil(in / stride)}; the padding is split with the extra pixel at the end, as TensorFlow does. */
    SAME;

    /** {@code {before, after}} padding along one axis. */
    public int[] pads(int in, int kernel, int stride) {
        if (this == VALID) return new int[] {0, 0};
        long out = (in + (long) stride - 1) / stride; // long: a hostile model file may declare sizes near 2^31
        int total = (int) Math.max((out - 1) * stride + kernel - in, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** The input's length along one axis with its padding (long: a hostile model file may declare windows near 2^31). */
    public long paddedLength(int in, int kernel, int stride) {
        if (this == VALID) return in;
        long out = (in + (long) stride - 1) / stride;
        return Math.max((out - 1) * stride + kernel, in);
    }

    /** Keras's output length along one axis. */
    public int outputLength(int in, int kernel, int stride) {
        return this == VALID ? (in - kernel) / stride + 1 : (int) ((in + (long) stride - 1) / stride);
    }

    /** The padding named {@code name} (Keras's {@code "valid"} or {@code "same"}, any case). */
    public static Padding parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "valid" -> VALID;
            case "same" -> SAME;
            default -> throw new IllegalArgumentException("padding must be \"valid\" or \"same\", not \"" + name + "\"");
        };
    }
}
