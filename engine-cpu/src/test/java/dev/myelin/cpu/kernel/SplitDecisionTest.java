package dev.myelin.cpu.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The choice between running a loop split or alone, fed made-up times. */
class SplitDecisionTest {

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
        d.record(10, false, 100);
        assertTrue(d.split(10), "the second runs split");
        d.record(10, true, 60);
        // Split is faster: alone is tried again after 16 loops, then 32, 64, 128, 256, 256, 256 (1008 loops).
        assertEquals(1024 - 7, run(d, 10, 1024, 60, 100));
    }

    /** A slower way that runs faster once is watched closely again: the next look comes after 16 loops. */
    @Test
    void aSurprisingExplorationShortensTheGap() {
        SplitDecision d = new SplitDecision();
        run(d, 3, 1000, 60, 100); // gaps grown to 256
        int sinceLook = 0;
        while (!(!d.split(3))) { d.record(3, true, 60); sinceLook++; }
        d.record(3, false, 40); // alone, explored, ran faster than split's 60 (its average stays slower)
        int next = 0;
        while (d.split(3)) { d.record(3, true, 60); next++; }
        assertEquals(SplitDecision.EXPLORE_EVERY - 1, next, "loops before alone was tried again (the previous gap: " + sinceLook + ")");
    }

    @Test
    void aSlowerSplitRunsOnlyToBeRemeasured() {
        SplitDecision d = new SplitDecision();
        int loops = 32 * SplitDecision.EXPLORE_EVERY;
        int split = run(d, 5, loops, 150, 100);
        assertTrue(split <= 8, split + " of " + loops + " loops ran split though alone was faster");
    }

    /**
     * When the machine gets busy and the split starts losing, the choice follows within a few
     * loops; when it gets quiet again, within the longest gap and two short ones.
     */
    @Test
    void followsAChangeOfLoad() {
        SplitDecision d = new SplitDecision();
        run(d, 20, 200, 50, 100);
        assertTrue(run(d, 20, 20, 300, 100) <= 10, "busy now: split 3x slower");
        int window = 4 * SplitDecision.EXPLORE_MAX;
        assertTrue(run(d, 20, window, 300, 100) <= 8);
        // Quiet again: the stale, slow estimate of the split is forgotten.
        int recovery = SplitDecision.EXPLORE_MAX + 3 * SplitDecision.EXPLORE_EVERY;
        run(d, 20, recovery, 50, 100);
        assertTrue(run(d, 20, window, 50, 100) >= window - 8);
    }

    @Test
    void sizesAreDecidedApart() {
        SplitDecision d = new SplitDecision();
        run(d, SplitDecision.sizeOf(1 << 12), 100, 200, 100);
        run(d, SplitDecision.sizeOf(1 << 20), 100, 50, 100);
        assertFalse(d.split(SplitDecision.sizeOf(5000)), "small loops: alone was faster");
        assertTrue(d.split(SplitDecision.sizeOf(1_500_000)), "large loops: split was faster");
        assertEquals(0, SplitDecision.sizeOf(0));
        assertEquals(62, SplitDecision.sizeOf(Long.MAX_VALUE));
    }
}
