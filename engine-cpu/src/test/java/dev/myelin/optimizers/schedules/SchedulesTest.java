package dev.myelin.optimizers.schedules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Keras 3's schedules at chosen steps against values worked out by hand from their documented
 * formulas (keras/src/optimizers/schedules/learning_rate_schedule.py). Tolerance 1e-12: double
 * arithmetic of a few operations.
 */
class SchedulesTest {
    private static void at(LearningRateSchedule s, long step, double expected) {
        assertEquals(expected, s.at(step), 1e-12, s.className() + " at step " + step);
    }

    @Test
    void exponentialAndInverseTime() {
        LearningRateSchedule e = new ExponentialDecay(0.1, 10, 0.5);
        at(e, 0, 0.1);
        at(e, 5, 0.1 * Math.sqrt(0.5));
        at(e, 10, 0.05);
        at(new ExponentialDecay(0.1, 10, 0.5, true), 15, 0.05);
        LearningRateSchedule i = new InverseTimeDecay(0.1, 10, 1);
        at(i, 10, 0.05);
        at(i, 20, 0.1 / 3);
        at(i, 5, 0.1 / 1.5);
        at(new InverseTimeDecay(0.1, 10, 1, true), 15, 0.05);
    }

    @Test
    void piecewiseConstantIncludesEachBoundaryInTheSegmentBeforeIt() {
        LearningRateSchedule p = new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1, 0.5, 0.1});
        at(p, 0, 1);
        at(p, 10, 1);
        at(p, 11, 0.5);
        at(p, 20, 0.5);
        at(p, 21, 0.1);
        assertThrows(IllegalArgumentException.class, () -> new PiecewiseConstantDecay(new long[] {10}, new double[] {1}));
    }

    @Test
    void polynomial() {
        LearningRateSchedule p = new PolynomialDecay(0.1, 10, 0.01, 2, false);
        at(p, 0, 0.1);
        at(p, 5, 0.09 * 0.25 + 0.01);
        at(p, 10, 0.01);
        at(p, 20, 0.01);
        LearningRateSchedule cycling = new PolynomialDecay(0.1, 10, 0.01, 2, true);
        at(cycling, 15, 0.09 * 0.0625 + 0.01); // horizon 20: (1 - 15/20)^2
        at(cycling, 0, 0.1);
        at(new PolynomialDecay(0.1, 10), 5, 0.0999 * 0.5 + 1e-4);
    }

    @Test
    void cosineWithAndWithoutWarmup() {
        LearningRateSchedule c = new CosineDecay(0.1, 10);
        at(c, 0, 0.1);
        at(c, 5, 0.05);
        at(c, 10, 0);
        at(c, 30, 0);
        at(new CosineDecay(0.1, 10, 0.1), 10, 0.01);
        LearningRateSchedule warm = new CosineDecay(0, 10, 0, 0.1, 5);
        at(warm, 2, 0.04);
        at(warm, 5, 0.1);
        at(warm, 10, 0.05);
        at(warm, 15, 0);
    }

    @Test
    void cosineRestarts() {
        LearningRateSchedule r = new CosineDecayRestarts(0.1, 10, 2, 0.5, 0);
        at(r, 0, 0.1);
        at(r, 5, 0.05);
        at(r, 10, 0.05);   // first restart, peak halved; the next period lasts 20 steps
        at(r, 20, 0.025);  // halfway through it
        at(r, 30, 0.025);  // second restart
        LearningRateSchedule even = new CosineDecayRestarts(0.1, 10, 1, 1, 0);
        at(even, 15, 0.05);
        at(even, 20, 0.1);
    }

    @Test
    void configsRecreateTheSchedules() {
        for (LearningRateSchedule s : List.of(new ExponentialDecay(0.1, 10, 0.5, true), new InverseTimeDecay(0.1, 3, 2),
                new PiecewiseConstantDecay(new long[] {5, 9}, new double[] {1, 0.5, 0.25}), new PolynomialDecay(0.1, 10, 0.01, 2, true),
                new CosineDecay(0, 10, 0.1, 0.2, 4), new CosineDecayRestarts(0.1, 10, 2, 0.5, 0.1))) {
            LearningRateSchedule again = Schedules.get(s.className(), s.config());
            assertEquals(s.config(), again.config(), s.className());
            for (long step = 0; step < 40; step += 3) assertEquals(s.at(step), again.at(step), 0, s.className());
        }
    }
}
