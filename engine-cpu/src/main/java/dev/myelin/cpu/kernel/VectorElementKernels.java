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
        if (c < L) {
            // Fewer channels than a vector: all of them under a lane mask.
            VectorMask<Float> lanes = S.indexInRange(0, c);
            FloatVector max = FloatVector.fromArray(S, y, out, lanes), grad = FloatVector.fromArray(S, dy, out, lanes);
            FloatVector routed = zero;
            for (int q = 0; q < count; q++) {
                int in = pixels[q];
                VectorMask<Float> first = FloatVector.fromArray(S, x, in, lanes).compare(VectorOperators.EQ, max)
                        .and(routed.compare(VectorOperators.EQ, 0f)).and(lanes);
                FloatVector.fromArray(S, dx, in, lanes).add(grad, first).intoArray(dx, in, lanes);
                routed = routed.blend(one, first);
            }
            return;
        }
        for (int j = 0; j < c; j += L) {
            // Channels [at, at + L): a last group short of L is the last full vector, overlapping
            // the one before, whose lanes `fresh` keeps out (they load and store back what is
            // there); masked stores are slow on AMD.
            int at = Math.min(j, c - L), done = j - at;
            VectorMask<Float> fresh = S.indexInRange(-done, L - done);
            FloatVector max = FloatVector.fromArray(S, y, out + at), grad = FloatVector.fromArray(S, dy, out + at);
            // Which lanes have had their gradient routed, as 0/1 floats: a mask carried around the
            // loop is boxed by C2 (it allocated a mask per pixel here), a vector is not.
            FloatVector routed = zero;
            for (int q = 0; q < count; q++) {
                int in = pixels[q] + at;
                VectorMask<Float> first = FloatVector.fromArray(S, x, in).compare(VectorOperators.EQ, max)
                        .and(routed.compare(VectorOperators.EQ, 0f)).and(fresh);
                FloatVector.fromArray(S, dx, in).add(grad, first).intoArray(dx, in);
                routed = routed.blend(one, first);
            }
        }
    }

    @Override
    public void maxOverWindow(float[] x, float[] y, int out, int[] pixels, int count, int c) {
        // The loaded vector is max's receiver, not the running maximum: C2 knows a load's exact
        // vector class, but bound max on the loop-carried one through the profile the 256- and
        // 512-bit kernels share (Vectorization says how that boxes), and in 1 of 14 JVMs of
        // LeNet's training step ran it on the boxing fallback (7.5 GB of arrays).
        if (c < L) {
            VectorMask<Float> lanes = S.indexInRange(0, c);
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int q = 0; q < count; q++) max = FloatVector.fromArray(S, x, pixels[q], lanes).max(max);
            max.intoArray(y, out, lanes);
            return;
        }
        for (int j = 0; j < c; j += L) {
            // A last group short of L is the last full vector, overlapping the one before (it
            // writes the same maxima again).
            int at = Math.min(j, c - L);
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int q = 0; q < count; q++) max = FloatVector.fromArray(S, x, pixels[q] + at).max(max);
            max.intoArray(y, out + at);
        }
    }

    @Override
    public void sumPixels(float[] x, int xOff, int pixels, int c, float[] y, int yOff) {
        int j = 0;
        for (; j + L <= c; j += L) {
            FloatVector sum = FloatVector.fromArray(S, y, yOff + j);
            for (int p = 0, at = xOff + j; p < pixels; p++, at += c) sum = sum.add(FloatVector.fromArray(S, x, at));
            sum.intoArray(y, yOff + j);
        }
        if (j < c) {
            VectorMask<Float> lanes = S.indexInRange(j, c);
            FloatVector sum = FloatVector.fromArray(S, y, yOff + j, lanes);
            for (int p = 0, at = xOff + j; p < pixels; p++, at += c) sum = sum.add(FloatVector.fromArray(S, x, at, lanes));
            sum.intoArray(y, yOff + j, lanes);
        }
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
    public void addRelu(float[] x, int xOff, float[] y, int yOff, float[] z, int zOff, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, y, yOff + i)).max(0f).intoArray(z, zOff + i);
        }
        for (; i < n; i++) z[zOff + i] = Math.max(x[xOff + i] + y[yOff + i], 0f);
    }

    @Override
    public void scaleShift(float[] x, int xOff, float[] scale, float[] shift, float[] z, int zOff, int n, boolean relu) {
        int i = 0;
        if (relu) {
            for (; i <= n - L; i += L) {
                FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, scale, i), FloatVector.fromArray(S, shift, i))
                        .max(0f).intoArray(z, zOff + i);
            }
            for (; i < n; i++) z[zOff + i] = Math.max(Math.fma(x[xOff + i], scale[i], shift[i]), 0f);
        } else {
            for (; i <= n - L; i += L) {
                FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, scale, i), FloatVector.fromArray(S, shift, i))
                        .intoArray(z, zOff + i);
            }
            for (; i < n; i++) z[zOff + i] = Math.fma(x[xOff + i], scale[i], shift[i]);
        }
    }

    @Override
    public String name() {
        return "vector-256";
    }
}
