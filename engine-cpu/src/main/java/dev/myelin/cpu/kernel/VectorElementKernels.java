package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link ElementKernels} as 256-bit compares, blends and adds. Only loaded when {@link Vectorization} found the module. */
final class VectorElementKernels implements ElementKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;

    @Override
    public void reluBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i <= to - L; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, i), positive).intoArray(dx, i);
        }
        for (; i < to; i++) dx[i] = x[i] > 0 ? dy[i] : 0f;
    }

    @Override
    public void routeToFirstMax(float[] x, float[] y, float[] dy, float[] dx, int out, int[] pixels, int count, int c) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j <= c - L; j += L) {
            FloatVector max = FloatVector.fromArray(S, y, out + j), grad = FloatVector.fromArray(S, dy, out + j);
            // Which lanes have had their gradient routed, as 0/1 floats: a mask carried around the
            // loop is boxed by C2 (it allocated a mask per pixel here), a vector is not.
            FloatVector routed = zero;
            for (int q = 0; q < count; q++) {
                int in = pixels[q] + j;
                VectorMask<Float> first = FloatVector.fromArray(S, x, in).compare(VectorOperators.EQ, max)
                        .and(routed.compare(VectorOperators.EQ, 0f));
                FloatVector.fromArray(S, dx, in).add(grad, first).intoArray(dx, in);
                routed = routed.blend(one, first);
            }
        }
        if (j < c && c >= L) {
            // The last channels as the last full vector, which overlaps the previous one: the lanes
            // already routed only load and store back what is there. Masked stores are slow on AMD.
            int t = c - L, done = j - t;
            VectorMask<Float> fresh = S.indexInRange(-done, L - done);
            FloatVector max = FloatVector.fromArray(S, y, out + t), grad = FloatVector.fromArray(S, dy, out + t);
            FloatVector routed = zero;
            for (int q = 0; q < count; q++) {
                int in = pixels[q] + t;
                VectorMask<Float> first = FloatVector.fromArray(S, x, in).compare(VectorOperators.EQ, max)
                        .and(routed.compare(VectorOperators.EQ, 0f)).and(fresh);
                FloatVector.fromArray(S, dx, in).add(grad, first).intoArray(dx, in);
                routed = routed.blend(one, first);
            }
        } else if (j < c) {
            // Fewer channels than a vector: the last ones under a lane mask.
            VectorMask<Float> lanes = S.indexInRange(j, c);
            FloatVector max = FloatVector.fromArray(S, y, out + j, lanes), grad = FloatVector.fromArray(S, dy, out + j, lanes);
            FloatVector routed = zero;
            for (int q = 0; q < count; q++) {
                int in = pixels[q] + j;
                VectorMask<Float> first = FloatVector.fromArray(S, x, in, lanes).compare(VectorOperators.EQ, max)
                        .and(routed.compare(VectorOperators.EQ, 0f)).and(lanes);
                FloatVector.fromArray(S, dx, in, lanes).add(grad, first).intoArray(dx, in, lanes);
                routed = routed.blend(one, first);
            }
        }
    }

    @Override
    public void maxOverWindow(float[] x, float[] y, int out, int[] pixels, int count, int c) {
        int j = 0;
        for (; j <= c - L; j += L) {
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int q = 0; q < count; q++) max = max.max(FloatVector.fromArray(S, x, pixels[q] + j));
            max.intoArray(y, out + j);
        }
        if (j < c && c >= L) {
            // The last full vector, overlapping the previous one (it writes the same maxima again).
            int t = c - L;
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int q = 0; q < count; q++) max = max.max(FloatVector.fromArray(S, x, pixels[q] + t));
            max.intoArray(y, out + t);
        } else if (j < c) {
            VectorMask<Float> lanes = S.indexInRange(j, c);
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int q = 0; q < count; q++) max = max.max(FloatVector.fromArray(S, x, pixels[q] + j, lanes));
            max.intoArray(y, out + j, lanes);
        }
    }

    @Override
    public void addTo(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += x[xOff + i];
    }

    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, float[] z, int zOff, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, y, yOff + i)).intoArray(z, zOff + i);
        }
        for (; i < n; i++) z[zOff + i] = x[xOff + i] + y[yOff + i];
    }

    @Override
    public String name() {
        return "vector-256";
    }
}
