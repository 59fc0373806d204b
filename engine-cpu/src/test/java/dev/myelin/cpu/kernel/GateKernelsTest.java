package dev.myelin.cpu.kernel;

import dev.myelin.backend.GateActivation;
import org.junit.jupiter.api.Assumptions;
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

    /**
     * The vector kernel gives the bits of its formula written out in scalar float arithmetic (Java
     * never fuses or reorders it), over the whole useful range and past the clamps: it is made only of
     * exactly rounded operations, so interpreted and compiled code give the same training.
     */
    @Test
    void theVectorKernelGivesTheBitsOfItsScalarFormula() {
        GateKernels vector = Vectorization.vectorOrNull(GateKernels.class);
        Assumptions.assumeTrue(vector != null, "the Vector API module is not available");
        int n = 4000;
        float[] src = new float[n];
        for (int i = 0; i < n; i++) src[i] = -100f + 200f * i / n + (i % 7) * 1e-3f;
        src[0] = 0f;
        src[1] = -0f;
        src[2] = 1e-30f;
        float[] dst = new float[n];
        for (GateActivation a : new GateActivation[] {GateActivation.SIGMOID, GateActivation.TANH}) {
            vector.apply(a, src, 0, dst, 0, n);
            for (int i = 0; i < n; i++) {
                float want = a == GateActivation.TANH ? tanh(src[i]) : 1f / (exp(-src[i]) + 1f);
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(dst[i]), a + " at " + src[i] + ": " + want + " vs " + dst[i]);
            }
        }
    }

    private static float exp(float x) {
        x = Math.min(Math.max(x, VectorGateKernels.EXP_LOW), VectorGateKernels.EXP_HIGH);
        float k = (x * VectorGateKernels.LOG2E + VectorGateKernels.ROUND) - VectorGateKernels.ROUND;
        float r = (x - k * VectorGateKernels.LN2_HI) - k * VectorGateKernels.LN2_LO;
        float[] c = VectorGateKernels.EXP_POLY;
        float p = c[0];
        for (int j = 1; j < c.length; j++) p = p * r + c[j];
        return ((p * (r * r) + r) + 1f) * Float.intBitsToFloat(((int) k + 127) << 23);
    }

    private static float tanh(float x) {
        float a = Math.abs(x), z = x * x;
        float[] c = VectorGateKernels.TANH_POLY;
        float p = c[0];
        for (int j = 1; j < c.length; j++) p = p * z + c[j];
        if (a < VectorGateKernels.TANH_SMALL) return p * z * x + x;
        float large = 1f - 2f / (exp(a + a) + 1f);
        return x < 0 ? -large : large;
    }
}
