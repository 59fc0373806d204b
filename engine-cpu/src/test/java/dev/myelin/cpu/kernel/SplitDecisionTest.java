package dev.myelin.cpu.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The choice between running a loop split or alone, fed made-up times. */
class SplitDecisionTest {
    /** Loop times are tens of microseconds, above {@link SplitDecision#NEVER_SPLIT_NANOS}, unless a test says otherwise. */
    private static final long US = 1000;

    /** Runs {@code loops} loops of one size, split taking {@code splitNanos} and alone {@code aloneNanos}; returns how many ran split. */
    private static int run(SplitDecision d, int size, int loops, long splitNanos, long aloneNanos) {
        int split = 0;
        for (int i = 0; i < loops; i++) {
            boolean s = d.split(size);
            d.record(size, s, s ? splitNanos : aloneNanos);
            if (s) split++;
        }
        return split;
    }

    @Test
    void measuresBothWaysFirstThenKeepsTheFaster() {
        SplitDecision d = new SplitDecision();
        assertFalse(d.split(10), "the first loop runs alone");
        d.record(10, false, 100_000);
        assertTrue(d.split(10), "the second runs split");
        d.record(10, true, 60_000);
        // Split is faster: alone is tried again after 16 loops, then 32, 64, 128, 256, 256, 256 (1008 loops).
        assertEquals(1024 - 7, run(d, 10, 1024, US * 60, US * 100));
    }

    /** A slower way that runs faster once is watched closely again: the next look comes after 16 loops. */
    @Test
    void aSurprisingExplorationShortensTheGap() {
        SplitDecision d = new SplitDecision();
        run(d, 3, 1000, US * 60, US * 100); // gaps grown to 256
        int sinceLook = 0;
        while (!(!d.split(3))) { d.record(3, true, US * 60); sinceLook++; }
        d.record(3, false, US * 40); // alone, explored, ran faster than split's 60 us (its average stays slower)
        int next = 0;
        while (d.split(3)) { d.record(3, true, US * 60); next++; }
        assertEquals(SplitDecision.EXPLORE_EVERY - 1, next, "loops before alone was tried again (the previous gap: " + sinceLook + ")");
    }

    @Test
    void aSlowerSplitRunsOnlyToBeRemeasured() {
        SplitDecision d = new SplitDecision();
        int loops = 32 * SplitDecision.EXPLORE_EVERY;
        int split = run(d, 5, loops, US * 150, US * 100);
        assertTrue(split <= 8, split + " of " + loops + " loops ran split though alone was faster");
    }

    /**
     * When the machine gets busy and the split starts losing, the choice follows within a few
     * loops; when it gets quiet again, within the longest gap and 13 short ones (each exploration
     * of the split at 50 us takes 1/8 off the distance between its stale 300 us average and 50 us,
     * and the average must fall under alone's 100 us: 250 * (7/8)^k < 50 needs k = 13).
     */
    @Test
    void followsAChangeOfLoad() {
        SplitDecision d = new SplitDecision();
        run(d, 20, 200, US * 50, US * 100);
        assertTrue(run(d, 20, 20, US * 300, US * 100) <= 10, "busy now: split 3x slower");
        int window = 4 * SplitDecision.EXPLORE_MAX;
        assertTrue(run(d, 20, window, US * 300, US * 100) <= 8);
        // Quiet again: the stale, slow estimate of the split is forgotten.
        int recovery = SplitDecision.EXPLORE_MAX + 13 * SplitDecision.EXPLORE_EVERY;
        run(d, 20, recovery, US * 50, US * 100);
        assertTrue(run(d, 20, window, US * 50, US * 100) >= window - 8);
    }

    @Test
    void sizesAreDecidedApart() {
        SplitDecision d = new SplitDecision();
        run(d, SplitDecision.sizeOf(1 << 12), 100, US * 200, US * 100);
        run(d, SplitDecision.sizeOf(1 << 20), 100, US * 50, US * 100);
        assertFalse(d.split(SplitDecision.sizeOf(5000)), "small loops: alone was faster");
        assertTrue(d.split(SplitDecision.sizeOf(1_500_000)), "large loops: split was faster");
        assertEquals(0, SplitDecision.sizeOf(0));
        assertEquals(62, SplitDecision.sizeOf(Long.MAX_VALUE));
    }

    /** A loop faster alone than a helper's hand-off never runs split, even where the split measured faster. */
    @Test
    void aLoopUnderTenMicrosecondsNeverSplits() {
        SplitDecision d = new SplitDecision();
        assertFalse(d.split(7));
        d.record(7, false, 9_000);
        assertEquals(0, run(d, 7, 1000, 1_000, 9_000), "a 9 us loop ran split");
        assertEquals(1, run(new SplitDecision(), 9, 2, 5_000, 11_000), "an 11 us loop is tried split");
    }

    /** Runs {@code loops} loops, split taking 100 us but 2 ms in one loop in ten (mean 290 us), alone {@code aloneNanos}; returns their mean time. */
    private static double withStalls(long seed, int loops, long aloneNanos) {
        SplitDecision d = new SplitDecision();
        SplittableRandom random = new SplittableRandom(seed);
        double total = 0;
        for (int i = 0; i < loops; i++) {
            boolean s = d.split(12);
            long t = !s ? aloneNanos : random.nextInt(10) == 0 ? 2_000 * US : 100 * US;
            d.record(12, s, t);
            total += t;
        }
        return total / loops;
    }

    /**
     * A busy host: a split whose helper is descheduled now and then, slower on average than
     * alone (290 against 200 us). The explorations may cost a few percent; choices that follow
     * each lucky split cost more (8-loop averages and explorations weighed 1/2: 10% over alone).
     */
    @Test
    void aSplitWithRareLongStallsRunsAloneWhenItsMeanIsSlower() {
        for (long seed = 1; seed <= 3; seed++) {
            double mean = withStalls(seed, 20_000, 200 * US);
            assertTrue(mean <= 1.08 * 200 * US, "seed " + seed + ": mean loop " + mean / US + " us against 200 us alone");
        }
    }

    /** The same stalls against 400 us alone: the split is faster on average and mostly runs (before: 21% over always split). */
    @Test
    void aSplitWithRareLongStallsStillRunsWhenItsMeanIsFaster() {
        for (long seed = 1; seed <= 3; seed++) {
            double mean = withStalls(seed, 20_000, 400 * US);
            assertTrue(mean <= 1.15 * 290 * US, "seed " + seed + ": mean loop " + mean / US + " us against 290 us always split");
        }
    }
}
