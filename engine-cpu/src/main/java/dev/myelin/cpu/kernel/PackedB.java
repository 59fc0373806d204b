package dev.myelin.cpu.kernel;

/**
 * A B operand {@code op(B)} of shape {@code (k, n)} packed once into {@link Sgemm}'s panel layout,
 * for several products that share it: a convolution multiplies every chunk of its batch by the
 * same filter, and packing it per chunk cost about 5% of LeNet's second convolution.
 */
public final class PackedB {
    final float[] data;
    final int k, n;
    /** 1: one packing of all k rows; else k's rows in this many equal runs, each packed alone ({@link WindowProduct#pack}). */
    final int runs;

    PackedB(float[] data, int k, int n) {
        this(data, k, n, 1);
    }

    PackedB(float[] data, int k, int n, int runs) {
        this.data = data;
        this.k = k;
        this.n = n;
        this.runs = runs;
    }

    public int k() {
        return k;
    }

    public int n() {
        return n;
    }
}
