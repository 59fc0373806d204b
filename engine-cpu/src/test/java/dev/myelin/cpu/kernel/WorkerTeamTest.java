package dev.myelin.cpu.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The team itself, with a helper of its own (whatever {@code myelin.cpu.threads} says): claiming, waiting, failures. */
class WorkerTeamTest {
    private static final WorkerTeam TEAM = new WorkerTeam(1);

    private static boolean onHelper() {
        return Thread.currentThread().getName().startsWith("myelin-cpu-");
    }

    /** Chunks of random cost, on either thread, some long enough that the caller parks: each runs exactly once. */
    @Test
    void everyChunkRunsOnceUnderRandomDelays() {
        Random random = new Random(7);
        boolean helperRan = false;
        for (int loop = 0; loop < 60; loop++) {
            int n = 1 + random.nextInt(200), chunks = 1 + random.nextInt(Math.min(n, 24));
            long[] delays = new long[chunks];
            // Mostly short chunks, some a millisecond (past the caller's spin, so it parks).
            for (int c = 0; c < chunks; c++) delays[c] = random.nextInt(10) == 0 ? 1_000_000 : random.nextInt(30_000);
            AtomicIntegerArray visits = new AtomicIntegerArray(n), chunkRuns = new AtomicIntegerArray(chunks);
            AtomicBoolean helper = new AtomicBoolean();
            assertTrue(TEAM.run(n, chunks, (from, to) -> {
                int c = chunkOf(n, chunks, from);
                assertEquals(Parallel.chunkStart(n, chunks, c + 1), to, "chunk " + c + " of " + chunks + " over " + n);
                chunkRuns.incrementAndGet(c);
                if (onHelper()) helper.set(true);
                LockSupport.parkNanos(delays[c]);
                for (int i = from; i < to; i++) visits.incrementAndGet(i);
            }));
            for (int c = 0; c < chunks; c++) assertEquals(1, chunkRuns.get(c), "loop " + loop + ": runs of chunk " + c);
            for (int i = 0; i < n; i++) assertEquals(1, visits.get(i), "loop " + loop + ": visits of index " + i);
            helperRan |= helper.get();
        }
        assertTrue(helperRan, "the helper never ran a chunk, so this test checked the caller alone");
    }

    /** A failure in a chunk the helper ran reaches the caller, message and all, and the team works on. */
    @Test
    void aHelpersFailureReachesTheCaller() {
        boolean thrown = false;
        for (int attempt = 0; attempt < 50 && !thrown; attempt++) {
            try {
                TEAM.run(8, 8, (from, to) -> {
                    if (onHelper()) throw new IllegalArgumentException("bad chunk " + from + " on the helper");
                    LockSupport.parkNanos(2_000_000); // the caller's chunks are slow: the helper gets some
                });
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().matches("bad chunk \\d on the helper"), e.getMessage());
                thrown = true;
            }
        }
        assertTrue(thrown, "the helper never ran a chunk in 50 loops");
        AtomicIntegerArray visits = new AtomicIntegerArray(100);
        assertTrue(TEAM.run(100, 4, (from, to) -> { for (int i = from; i < to; i++) visits.incrementAndGet(i); }));
        for (int i = 0; i < 100; i++) assertEquals(1, visits.get(i));
    }

    /** An error other than a RuntimeException keeps its type too. */
    @Test
    void errorsKeepTheirType() {
        AssertionError e = assertThrows(AssertionError.class, () -> TEAM.run(2, 2, (from, to) -> {
            throw new AssertionError("chunk " + from);
        }));
        assertTrue(e.getMessage().startsWith("chunk "), e.getMessage());
    }

    /** The helper's own loops, and a loop inside a loop, are refused: they run on their thread alone. */
    @Test
    void nestedLoopsAreRefused() {
        AtomicIntegerArray refused = new AtomicIntegerArray(4);
        assertTrue(TEAM.run(4, 4, (from, to) -> {
            if (!TEAM.run(2, 2, (a, b) -> {})) refused.incrementAndGet(from);
        }));
        for (int c = 0; c < 4; c++) assertEquals(1, refused.get(c), "chunk " + c);
    }

    private static int chunkOf(int n, int chunks, int from) {
        for (int c = 0; c < chunks; c++) if (Parallel.chunkStart(n, chunks, c) == from && Parallel.chunkStart(n, chunks, c + 1) > from) return c;
        throw new AssertionError("no chunk starts at " + from);
    }
}
