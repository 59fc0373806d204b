package dev.myelin.cpu.kernel;

import dev.myelin.backend.GateActivation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The scalar and (where it loads) Vector API gate kernels against the activations computed in
 * double with java.lang.Math, over [-20, 20] (both tails saturate) at odd lengths and offsets, in
 * place and not. Tolerance 2e-7 absolute: values lie in [-1, 1], where float's ulp is at most
 * 6e-8 and the vector EXP/TANH are within a few ulp.
 */
class GateKernelsTest {

    private static double reference(GateActivation a, double x) {
        return switch (a) {
            case LINEAR -> x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case RELU -> Math.max(x, 0);
            case HARD_SIGMOID -> Math.min(Math.max(x / 6 + 0.5, 0), 1);
        };
    }

    @Test
    void everyKernelMatchesTheDoublePrecisionActivations() {
        List<GateKernels> kernels = new ArrayList<>(List.of(new GateKernels.Scalar()));
        GateKernels vector = Vectorization.vectorOrNull(GateKernels.class);
        if (vector != null) kernels.add(vector);
        int n = 803;
        float[] src = new float[n + 3];
        for (int i = 0; i < src.length; i++) src[i] = -20f + 40f * i / src.length;
        for (GateKernels k : kernels) {
            for (GateActivation a : GateActivation.values()) {
                for (boolean inPlace : new boolean[] {false, true}) {
                    float[] dst = inPlace ? src.clone() : new float[n + 5];
                    int dstOff = inPlace ? 3 : 5;
                    if (inPlace) System.arraycopy(src, 3, dst, 3, n);
                    k.apply(a, inPlace ? dst : src, 3, dst, dstOff, n);
                    for (int i = 0; i < n; i++) {
                        assertEquals(reference(a, src[3 + i]), dst[dstOff + i], 2e-7,
                                k.getClass().getSimpleName() + " " + a + " at " + src[3 + i]);
                    }
                }
            }
        }
    }
}
