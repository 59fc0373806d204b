package dev.myelin.cpu.kernel;

import dev.myelin.backend.GateActivation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GateKernels} on 256-bit vectors: sigmoid as {@code 1 / (1 + exp(-x))}, tanh as an odd
 * polynomial below 0.625 and {@code 1 - 2 / (exp(2|x|) + 1)} above, and {@code exp} as Cephes'
 * {@code expf} (a power of two times a degree-7 polynomial), within 2e-7 of the exact values.
 *
 * <p>Why not the Vector API's {@code EXP} and {@code TANH}: once C2 compiles them they are SVML
 * intrinsics, and before that Java code, and the two round differently, so an LSTM's training gave
 * other bits depending on when the JIT got to it. This kernel uses only additions, products,
 * divisions, comparisons and exact conversions, each rounded as IEEE 754 says in interpreted and
 * compiled code alike. Only loaded when {@link Vectorization} found the module.
 */
final class VectorGateKernels implements GateKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;
    /** exp's argument is clamped here: 2^k stays a normal float, and exp(88) is below Float.MAX_VALUE. */
    static final float EXP_LOW = -87f, EXP_HIGH = 88f;
    static final float LOG2E = 1.44269504088896341f;
    /** ln 2 in two parts (Cephes): k * LN2_HI is exact for the k that occur. */
    static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** Adding and subtracting it rounds a float below 2^22 to the nearest integer. */
    static final float ROUND = 12582912f;
    static final float[] EXP_POLY = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f,
        5.0000001201e-1f};
    /** tanh(x) = x + x^3 P(x^2) below this (Cephes' tanhf), through exp above it. */
    static final float TANH_SMALL = 0.625f;
    static final float[] TANH_POLY = {-5.70498872745e-3f, 2.06390887954e-2f, -5.37397155531e-2f, 1.33314422036e-1f, -3.33332819422e-1f};

    @Override
    public void apply(GateActivation act, float[] src, int srcOff, float[] dst, int dstOff, int n) {
        int i = 0;
        if (act == GateActivation.SIGMOID || act == GateActivation.TANH) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (; i <= n - L; i += L) {
                FloatVector x = FloatVector.fromArray(S, src, srcOff + i);
                FloatVector y = act == GateActivation.TANH ? tanh(x, one) : one.div(exp(x.neg()).add(one));
                y.intoArray(dst, dstOff + i);
            }
        }
        for (; i < n; i++) dst[dstOff + i] = act.apply(src[srcOff + i]);
    }

    /** Cephes' expf: x = k ln2 + r with |r| <= ln2 / 2, exp(r) by its polynomial, times 2^k built in the exponent bits. */
    private static FloatVector exp(FloatVector x) {
        x = x.max(EXP_LOW).min(EXP_HIGH);
        FloatVector k = x.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = x.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
        FloatVector p = FloatVector.broadcast(S, EXP_POLY[0]);
        for (int j = 1; j < EXP_POLY.length; j++) p = p.mul(r).add(EXP_POLY[j]);
        FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
        IntVector bits = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return e.mul(bits.reinterpretAsFloats());
    }

    /** tanh, odd: the polynomial for small |x| (no cancellation), else 1 - 2 / (exp(2|x|) + 1) with x's sign. */
    private static FloatVector tanh(FloatVector x, FloatVector one) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = FloatVector.broadcast(S, TANH_POLY[0]);
        for (int j = 1; j < TANH_POLY.length; j++) p = p.mul(z).add(TANH_POLY[j]);
        FloatVector small = p.mul(z).mul(x).add(x);
        FloatVector large = one.sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(one)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        VectorMask<Float> isSmall = a.compare(VectorOperators.LT, TANH_SMALL);
        return large.blend(small, isSmall);
    }
}
