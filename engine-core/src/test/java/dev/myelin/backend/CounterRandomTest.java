package dev.myelin.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterRandomTest {

    @Test
    void sameSeedAndIndexGiveTheSameDraw() {
        assertEquals(CounterRandom.bits(42, 7), CounterRandom.bits(42, 7));
        assertNotEquals(CounterRandom.bits(42, 7), CounterRandom.bits(42, 8));
        assertNotEquals(CounterRandom.bits(42, 7), CounterRandom.bits(43, 7));
    }

    /** 200k draws: the sample mean of U[0,1) has standard error 0.00065, so 0.005 is about 8 sigma. */
    @Test
    void uniformAndNormalHaveTheRightMoments() {
        int n = 200_000;
        double su = 0, sn = 0, sn2 = 0;
        for (int i = 0; i < n; i++) {
            float u = CounterRandom.uniform(1, i);
            assertTrue(u >= 0f && u < 1f);
            su += u;
            double z = CounterRandom.normal(1, i);
            sn += z;
            sn2 += z * z;
        }
        assertEquals(0.5, su / n, 0.005);
        assertEquals(0.0, sn / n, 0.02);
        assertEquals(1.0, sn2 / n, 0.02);
    }

    @Test
    void truncatedNormalStaysWithinTwoSigma() {
        // A normal truncated at +-2 has variance 0.7737; with 100k draws, 0.02 is several standard errors.
        int n = 100_000;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            float z = CounterRandom.truncatedNormal(3, i);
            assertTrue(Math.abs(z) <= 2f);
            s2 += z * z;
        }
        assertEquals(0.7737, s2 / n, 0.02);
    }
}
