package dev.myelin.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inputs' finiteness check from the bits, against {@link Float#isFinite} value by value. */
class DataChecksTest {
    /** Every class of float at its edges: zeros, subnormals, the largest finite, infinities, NaNs with any payload and sign. */
    private static final int[] EDGE_BITS = {
            0x0000_0000, 0x8000_0000, 0x0000_0001, 0x807f_ffff, 0x0080_0000, 0x3f80_0000, 0x7f7f_ffff, 0xff7f_ffff,
            0x7f80_0000, 0xff80_0000, 0x7fc0_0000, 0xffc0_0000, 0x7f80_0001, 0xffff_ffff, 0x7fff_ffff};

    @Test
    void agreesWithIsFiniteOnEveryEdgeValueAtEveryPosition() {
        SplittableRandom random = new SplittableRandom(11);
        for (int bits : EDGE_BITS) {
            float v = Float.intBitsToFloat(bits);
            for (int length : new int[] {1, 7, 64, 1001}) {
                float[] x = new float[length];
                for (int i = 0; i < length; i++) x[i] = (float) random.nextGaussian() * 1e3f;
                int at = random.nextInt(length);
                x[at] = v;
                assertEquals(Float.isFinite(v), DataChecks.allFinite(x), Integer.toHexString(bits) + " at " + at + " of " + length);
                x[length - 1] = v;
                assertEquals(Float.isFinite(v), DataChecks.allFinite(x), Integer.toHexString(bits) + " last of " + length);
            }
        }
        assertTrue(DataChecks.allFinite(new float[0]));
    }

    @Test
    void namesTheFirstSampleThatIsNotFinite() {
        float[] x = new float[40];
        x[27] = Float.NEGATIVE_INFINITY;
        x[35] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> DataChecks.finiteInputs(x, 10, "data to predict"));
        assertEquals("data to predict: sample 2 contains -Infinity (at value 7 of the sample); inputs must be finite numbers", e.getMessage());
    }
}
