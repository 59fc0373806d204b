package dev.myelin.cpu.kernel;

import dev.myelin.backend.GateActivation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GateKernels} on 256-bit vectors: sigmoid as {@code 1 / (1 + exp(-x))} and tanh with the
 * Vector API's transcendental lanewise operations, within a few ulp of the scalar ones. Only
 * loaded when {@link Vectorization} found the module.
 */
final class VectorGateKernels implements GateKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;

    @Override
    public void apply(GateActivation act, float[] src, int srcOff, float[] dst, int dstOff, int n) {
        int i = 0;
        if (act == GateActivation.SIGMOID || act == GateActivation.TANH) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (; i <= n - L; i += L) {
                FloatVector x = FloatVector.fromArray(S, src, srcOff + i);
                FloatVector y = act == GateActivation.TANH ? x.lanewise(VectorOperators.TANH)
                        : one.div(x.neg().lanewise(VectorOperators.EXP).add(one));
                y.intoArray(dst, dstOff + i);
            }
        }
        for (; i < n; i++) dst[dstOff + i] = act.apply(src[srcOff + i]);
    }
}
