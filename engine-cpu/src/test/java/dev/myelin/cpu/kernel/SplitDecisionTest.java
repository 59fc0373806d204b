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
        // Split is faster: all but one loop in EXPLORE_EVERY run split.
        int loops = 32 * SplitDecision.EXPLORE_EVERY;
        assertEquals(loops - 32, run(d, 10, loops, 60, 100));
    }

    @Test
    void aSlowerSplitRunsOnlyToBeRemeasured() {
        SplitDecision d = new SplitDecision();
        int loops = 32 * SplitDecision.EXPLORE_EVERY;
        int split = run(d, 5, loops, 150, 100);
        assertTrue(split <= 33, split + " of " + loops + " loops ran split though alone was faster");
    }

    /** When the machine gets busy and the split starts losing, the choice follows within a few explorations. */
    @Test
    void followsAChangeOfLoad() {
        SplitDecision d = new SplitDecision();
        run(d, 20, 200, 50, 100);
        int window = 10 * SplitDecision.EXPLORE_EVERY;
        run(d, 20, window, 300, 100); // busy now: split 3x slower
        int split = run(d, 20, window, 300, 100);
        assertTrue(split <= 10 + 1, split + " of " + window + " loops still ran split");
        // A stale, slow estimate from a busy minute (or the JIT's warm-up) is also forgotten.
        run(d, 20, window, 50, 100);
        assertTrue(run(d, 20, window, 50, 100) >= window - 11);
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
