package dev.myelin.cpu.kernel;

import dev.myelin.backend.GateActivation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.ABS;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.DIV;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.MIN;
import static jdk.incubator.vector.VectorOperators.MUL;
import static jdk.incubator.vector.VectorOperators.NEG;
import static jdk.incubator.vector.VectorOperators.SUB;

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
                FloatVector y = act == GateActivation.TANH ? tanh(x, one) : one.lanewise(DIV, exp(x.lanewise(NEG)).lanewise(ADD, one));
                y.intoArray(dst, dstOff + i);
            }
        }
        for (; i < n; i++) dst[dstOff + i] = act.apply(src[srcOff + i]);
    }

    /** Cephes' expf: x = k ln2 + r with |r| <= ln2 / 2, exp(r) by its polynomial, times 2^k built in the exponent bits. */
    private static FloatVector exp(FloatVector x) {
        x = x.lanewise(MAX, EXP_LOW).lanewise(MIN, EXP_HIGH);
        FloatVector k = x.lanewise(MUL, LOG2E).lanewise(ADD, ROUND).lanewise(SUB, ROUND);
        FloatVector r = x.lanewise(SUB, k.lanewise(MUL, LN2_HI)).lanewise(SUB, k.lanewise(MUL, LN2_LO));
        FloatVector p = FloatVector.broadcast(S, EXP_POLY[0]);
        for (int j = 1; j < EXP_POLY.length; j++) p = p.lanewise(MUL, r).lanewise(ADD, EXP_POLY[j]);
        FloatVector e = p.lanewise(MUL, r.lanewise(MUL, r)).lanewise(ADD, r).lanewise(ADD, 1f);
        IntVector bits = ((IntVector) k.convert(VectorOperators.F2I, 0)).lanewise(ADD, 127).lanewise(VectorOperators.LSHL, 23);
        return e.lanewise(MUL, bits.reinterpretAsFloats());
    }

    /** tanh, odd: the polynomial for small |x| (no cancellation), else 1 - 2 / (exp(2|x|) + 1) with x's sign. */
    private static FloatVector tanh(FloatVector x, FloatVector one) {
        FloatVector a = x.lanewise(ABS);
        FloatVector z = x.lanewise(MUL, x);
        FloatVector p = FloatVector.broadcast(S, TANH_POLY[0]);
        for (int j = 1; j < TANH_POLY.length; j++) p = p.lanewise(MUL, z).lanewise(ADD, TANH_POLY[j]);
        FloatVector small = p.lanewise(MUL, z).lanewise(MUL, x).lanewise(ADD, x);
        FloatVector large = one.lanewise(SUB, FloatVector.broadcast(S, 2f).lanewise(DIV, exp(a.lanewise(ADD, a)).lanewise(ADD, one)));
        large = large.blend(large.lanewise(NEG), x.compare(VectorOperators.LT, 0f));
        VectorMask<Float> isSmall = a.compare(VectorOperators.LT, TANH_SMALL);
        return large.blend(small, isSmall);
    }
}
