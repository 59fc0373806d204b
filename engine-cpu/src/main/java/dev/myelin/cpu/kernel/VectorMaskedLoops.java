package dev.myelin.cpu.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link MaskedLoops} as 256-bit compares and blends. Only loaded when {@link Vectorization} found the module. */
final class VectorMaskedLoops implements MaskedLoops {
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
        int j = 0;
        for (; j <= c - L; j += L) {
            FloatVector max = FloatVector.fromArray(S, y, out + j);
            FloatVector grad = FloatVector.fromArray(S, dy, out + j);
            VectorMask<Float> routed = S.maskAll(false);
            for (int q = 0; q < count; q++) {
                int in = pixels[q] + j;
                FloatVector v = FloatVector.fromArray(S, x, in);
                VectorMask<Float> first = v.compare(VectorOperators.EQ, max).andNot(routed);
                FloatVector d = FloatVector.fromArray(S, dx, in);
                d.add(grad, first).intoArray(dx, in);
                routed = routed.or(first);
            }
        }
        for (; j < c; j++) MaskedLoops.Scalar.routeChannel(x, y[out + j], dy[out + j], dx, pixels, count, j);
    }

    @Override
    public String name() {
        return "vector-256";
    }
}
