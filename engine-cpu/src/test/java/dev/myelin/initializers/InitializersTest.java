package dev.myelin.initializers;

import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras's initializer distributions, checked by their moments over 40,000 draws: the standard error
 * of a sample variance there is under 1% of it, so 5% bounds fail only on a wrong formula.
 */
class InitializersTest {
    private static final Shape SHAPE = Shape.of(200, 200);

    private static float[] draw(Initializer init, int fanIn, int fanOut, long seed) {
        try (Tensor t = init.create(SHAPE, fanIn, fanOut, seed)) {
            return t.toArray();
        }
    }

    private static double variance(float[] v) {
        double s = 0, s2 = 0;
        for (float x : v) {
            s += x;
            s2 += (double) x * x;
        }
        double mean = s / v.length;
        return s2 / v.length - mean * mean;
    }

    @Test
    void glorotUniform() {
        float[] v = draw(new GlorotUniform(), 100, 50, 1);
        double limit = Math.sqrt(6.0 / 150);
        for (float x : v) assertTrue(Math.abs(x) <= limit, x + " beyond the Glorot limit " + limit);
        assertEquals(limit * limit / 3, variance(v), 0.05 * limit * limit / 3);
    }

    @Test
    void heUniform() {
        float[] v = draw(new HeUniform(), 72, 0, 2);
        double limit = Math.sqrt(6.0 / 72);
        for (float x : v) assertTrue(Math.abs(x) <= limit);
        assertEquals(2.0 / 72, variance(v), 0.05 * 2.0 / 72);
    }

    @Test
    void heNormalIsTruncatedWithVarianceTwoOverFanIn() {
        float[] v = draw(new HeNormal(), 50, 0, 3);
        double spread = Math.sqrt(2.0 / 50) / HeNormal.TRUNCATED_STDDEV;
        for (float x : v) assertTrue(Math.abs(x) <= 2 * spread + 1e-6, x + " beyond two standard deviations");
        assertEquals(2.0 / 50, variance(v), 0.05 * 2.0 / 50);
    }

    @Test
    void seededAndZeros() {
        assertArrayEquals(draw(new GlorotUniform(), 10, 10, 7), draw(new GlorotUniform(), 10, 10, 7));
        for (float x : draw(new Zeros(), 1, 1, 0)) assertEquals(0f, x);
        assertEquals("he_normal", Initializers.get("he_normal").name());
    }
}
