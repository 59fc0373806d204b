package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradTiles} on the Vector API, as wide as {@link VectorNarrowConvolution} (whose rows
 * multiply the transformed tiles). Each 2-D transform is six 1-D ones along rows into
 * {@code temp}, then six along columns: small methods, which C1 compiles too (a method with all
 * 36 vectors live would not be; see {@link VectorNarrowConvolution}).
 */
final class VectorWinogradTiles implements WinogradTiles {
    /** The narrow convolution's width: its rows multiply the transformed tiles. */
    private static final VectorSpecies<Float> S = VectorNarrowConvolution.S;
    private static final int L = S.length();
    /** Floats of a transformed tile. */
    private static final int T = 36 * L;

    @Override
    public int width() {
        return L;
    }

    @Override
    public void input(float[] p, int pOff, int rowStep, float[] v, int vOff, float[] temp) {
        for (int i = 0; i < 6; i++) input6(p, pOff + i * rowStep, L, temp, i * 6 * L, L);
        for (int j = 0; j < 6; j++) input6(temp, j * L, 6 * L, v, vOff + j * L, 6 * L);
    }

    /** One row of {@code B^T d}: 6 vectors from {@code src[off + k * step]} to {@code dst[dOff + k * dStep]}. */
    private static void input6(float[] src, int off, int step, float[] dst, int dOff, int dStep) {
        FloatVector d0 = FloatVector.fromArray(S, src, off), d1 = FloatVector.fromArray(S, src, off + step);
        FloatVector d2 = FloatVector.fromArray(S, src, off + 2 * step), d3 = FloatVector.fromArray(S, src, off + 3 * step);
        FloatVector d4 = FloatVector.fromArray(S, src, off + 4 * step), d5 = FloatVector.fromArray(S, src, off + 5 * step);
        FloatVector s12 = d1.add(d2), d12 = d1.sub(d2), s34 = d4.add(d3), d43 = d4.sub(d3), d42 = d4.sub(d2), d31 = d3.sub(d1);
        FloatVector two = FloatVector.broadcast(S, 2f), four = FloatVector.broadcast(S, 4f), five = FloatVector.broadcast(S, -5f);
        // B^T rows: (4, 0, -5, 0, 1, 0), (0, -4, -4, 1, 1, 0), (0, 4, -4, -1, 1, 0), (0, -2, -1, 2, 1, 0), (0, 2, -1, -2, 1, 0), (0, 4, 0, -5, 0, 1).
        d0.fma(four, d2.fma(five, d4)).intoArray(dst, dOff);
        s34.sub(s12.mul(four)).intoArray(dst, dOff + dStep);
        d12.fma(four, d43).intoArray(dst, dOff + 2 * dStep);
        d31.fma(two, d42).intoArray(dst, dOff + 3 * dStep);
        d42.sub(d31.mul(two)).intoArray(dst, dOff + 4 * dStep);
        d1.fma(four, d3.fma(five, d5)).intoArray(dst, dOff + 5 * dStep);
    }

    @Override
    public void products(float[] v, int vOff, int tiles, float[] u, int uOff, int channels, float[] m, int mOff) {
        int t = 0;
        for (; t + 12 <= tiles; t += 12) products12(v, vOff + t * T, u, uOff, channels, m, mOff + t * T);
        for (; t + 4 <= tiles; t += 4) products4(v, vOff + t * T, u, uOff, channels, m, mOff + t * T);
        for (; t < tiles; t++) {
            FloatVector a = FloatVector.zero(S);
            for (int c = 0, x = vOff + t * T; c < channels; c++) a = FloatVector.broadcast(S, v[x + c]).fma(FloatVector.fromArray(S, u, uOff + c * L), a);
            a.intoArray(m, mOff + t * T);
        }
    }

    /** 4 tiles' products (a band's last ones). */
    private static void products4(float[] v, int x, float[] u, int uOff, int channels, float[] m, int mOff) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int c = 0; c < channels; c++) {
            FloatVector w = FloatVector.fromArray(S, u, uOff + c * L);
            int i = x + c;
            a0 = FloatVector.broadcast(S, v[i]).fma(w, a0);
            a1 = FloatVector.broadcast(S, v[i + T]).fma(w, a1);
            a2 = FloatVector.broadcast(S, v[i + 2 * T]).fma(w, a2);
            a3 = FloatVector.broadcast(S, v[i + 3 * T]).fma(w, a3);
        }
        a0.intoArray(m, mOff);
        a1.intoArray(m, mOff + T);
        a2.intoArray(m, mOff + 2 * T);
        a3.intoArray(m, mOff + 3 * T);
    }

    /** 12 tiles' products: 12 accumulators, each filter vector loaded once for the 12. */
    private static void products12(float[] v, int x, float[] u, int uOff, int channels, float[] m, int mOff) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int c = 0; c < channels; c++) {
            FloatVector w = FloatVector.fromArray(S, u, uOff + c * L);
            int i = x + c;
            a0 = FloatVector.broadcast(S, v[i]).fma(w, a0);
            a1 = FloatVector.broadcast(S, v[i + T]).fma(w, a1);
            a2 = FloatVector.broadcast(S, v[i + 2 * T]).fma(w, a2);
            a3 = FloatVector.broadcast(S, v[i + 3 * T]).fma(w, a3);
            a4 = FloatVector.broadcast(S, v[i + 4 * T]).fma(w, a4);
            a5 = FloatVector.broadcast(S, v[i + 5 * T]).fma(w, a5);
            a6 = FloatVector.broadcast(S, v[i + 6 * T]).fma(w, a6);
            a7 = FloatVector.broadcast(S, v[i + 7 * T]).fma(w, a7);
            a8 = FloatVector.broadcast(S, v[i + 8 * T]).fma(w, a8);
            a9 = FloatVector.broadcast(S, v[i + 9 * T]).fma(w, a9);
            a10 = FloatVector.broadcast(S, v[i + 10 * T]).fma(w, a10);
            a11 = FloatVector.broadcast(S, v[i + 11 * T]).fma(w, a11);
        }
        a0.intoArray(m, mOff);
        a1.intoArray(m, mOff + T);
        a2.intoArray(m, mOff + 2 * T);
        a3.intoArray(m, mOff + 3 * T);
        a4.intoArray(m, mOff + 4 * T);
        a5.intoArray(m, mOff + 5 * T);
        a6.intoArray(m, mOff + 6 * T);
        a7.intoArray(m, mOff + 7 * T);
        a8.intoArray(m, mOff + 8 * T);
        a9.intoArray(m, mOff + 9 * T);
        a10.intoArray(m, mOff + 10 * T);
        a11.intoArray(m, mOff + 11 * T);
    }

    @Override
    public void output(float[] m, int mOff, float[] scale, float[] shift, float[] residual, boolean relu,
                       float[] y, int yOff, int rowStep, int channels, int rows, int cols, float[] temp) {
        // A^T m along the rows into temp (6 x 4 vectors), then along its columns into the 4 x 4 after them.
        for (int i = 0; i < 6; i++) output6(m, mOff + 6 * i * L, L, temp, i * 4 * L, L);
        for (int j = 0; j < 4; j++) output6(temp, j * L, 4 * L, temp, (24 + j) * L, 4 * L);
        store(temp, 24 * L, scale, shift, residual, relu, y, yOff, rowStep, channels, rows, cols);
    }

    /** One row of {@code A^T m}: 6 vectors from {@code src[off + k * step]} to 4 at {@code dst[dOff + k * dStep]}. */
    private static void output6(float[] src, int off, int step, float[] dst, int dOff, int dStep) {
        FloatVector m0 = FloatVector.fromArray(S, src, off), m1 = FloatVector.fromArray(S, src, off + step);
        FloatVector m2 = FloatVector.fromArray(S, src, off + 2 * step), m3 = FloatVector.fromArray(S, src, off + 3 * step);
        FloatVector m4 = FloatVector.fromArray(S, src, off + 4 * step), m5 = FloatVector.fromArray(S, src, off + 5 * step);
        FloatVector s12 = m1.add(m2), d12 = m1.sub(m2), s34 = m3.add(m4), d34 = m3.sub(m4);
        FloatVector two = FloatVector.broadcast(S, 2f), four = FloatVector.broadcast(S, 4f), eight = FloatVector.broadcast(S, 8f);
        // A^T rows: (1, 1, 1, 1, 1, 0), (0, 1, -1, 2, -2, 0), (0, 1, 1, 4, 4, 0), (0, 1, -1, 8, -8, 1).
        m0.add(s12).add(s34).intoArray(dst, dOff);
        d34.fma(two, d12).intoArray(dst, dOff + dStep);
        s34.fma(four, s12).intoArray(dst, dOff + 2 * dStep);
        d34.fma(eight, d12.add(m5)).intoArray(dst, dOff + 3 * dStep);
    }

    /**
     * The 4 x 4 outputs at {@code temp[off + (r * 4 + j) * L]}, scaled, shifted, plus the residual
     * and floored, into their first {@code rows} rows and {@code cols} columns at {@code y[yOff]}.
     * Arrays in, not vectors: C2 does not always inline a helper this size (it is over its limit
     * for hot callees with the residual, and another compile may already hold it), and then it
     * boxes every vector passed (the scale, shift and floor of each column of every tile, when
     * the column's transform took them).
     */
    private static void store(float[] temp, int off, float[] scale, float[] shift, float[] residual, boolean relu,
                              float[] y, int yOff, int rowStep, int channels, int rows, int cols) {
        VectorMask<Float> mask = S.indexInRange(0, channels);
        FloatVector sc = FloatVector.fromArray(S, scale, 0, mask), sh = FloatVector.fromArray(S, shift, 0, mask);
        // Below every value: max with it changes nothing where there is no relu.
        FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int at = yOff + r * rowStep + j * channels;
                FloatVector a = FloatVector.fromArray(S, temp, off + (r * 4 + j) * L).fma(sc, sh);
                if (residual != null) a = a.add(FloatVector.fromArray(S, residual, at, mask));
                a.max(floor).intoArray(y, at, mask);
            }
        }
    }
}
