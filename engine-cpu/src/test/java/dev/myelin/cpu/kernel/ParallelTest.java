package dev.myelin.cpu.kernel;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {

    /** Every index is visited exactly once, whatever the chunking. */
    @RepeatedTest(20)
    void coversEachIndexOnce() {
        for (int n : new int[] {1, 2, 3, 7, 64, 1000, 100_003}) {
            for (int chunks : new int[] {1, 2, 3, 8, 64}) {
                AtomicIntegerArray visits = new AtomicIntegerArray(n);
                Parallel.forChunks(n, chunks, (from, to) -> {
                    for (int i = from; i < to; i++) visits.incrementAndGet(i);
                });
                for (int i = 0; i < n; i++) assertEquals(1, visits.get(i), "n=" + n + " chunks=" + chunks + " index " + i);
            }
        }
    }

    /** Split, the pieces are contiguous and near-equal; alone (this site measured faster so), one piece. */
    @Test
    void chunksAreContiguousAndNearEqual() {
        for (int rep = 0; rep < 40; rep++) {
            List<int[]> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            Parallel.forChunks(10, 3, (from, to) -> seen.add(new int[] {from, to}));
            seen.sort((a, b) -> Integer.compare(a[0], b[0]));
            List<String> pieces = seen.stream().map(r -> r[0] + "-" + r[1]).toList();
            if (!pieces.equals(List.of("0-10"))) assertEquals(List.of("0-3", "3-6", "6-10"), pieces);
        }
    }

    @Test
    void exceptionInAnyChunkReachesTheCaller() {
        for (int rep = 0; rep < 10; rep++) {
            for (int bad = 0; bad < 4; bad++) {
                int failing = bad;
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forChunks(4, 4, (from, to) -> {
                    if (from <= failing && failing < to) throw new IllegalStateException("index " + failing);
                }));
                assertEquals("index " + failing, e.getMessage());
            }
        }
        // The team is usable again afterwards.
        AtomicIntegerArray visits = new AtomicIntegerArray(100);
        Parallel.forChunks(100, 4, (from, to) -> { for (int i = from; i < to; i++) visits.incrementAndGet(i); });
        for (int i = 0; i < 100; i++) assertEquals(1, visits.get(i));
    }

    /**
     * A loop inside a split loop's chunk runs on that chunk's thread. (An outer loop that ran alone
     * holds no team, and its inner loops may split.)
     */
    @RepeatedTest(10)
    void nestedLoopsRunInline() {
        Set<String> pairs = ConcurrentHashMap.newKeySet();
        AtomicIntegerArray visits = new AtomicIntegerArray(16 * 16);
        Parallel.forChunks(16, 16, (o0, o1) -> {
            String outerThread = Thread.currentThread().getName();
            for (int o = o0; o < o1; o++) {
                int outer = o;
                Parallel.forChunks(16, 16, (i0, i1) -> {
                    pairs.add(outerThread + "->" + Thread.currentThread().getName() + (o1 - o0 == 16 ? " alone" : ""));
                    for (int i = i0; i < i1; i++) visits.incrementAndGet(outer * 16 + i);
                });
            }
        });
        for (int i = 0; i < 256; i++) assertEquals(1, visits.get(i));
        for (String pair : pairs) {
            if (pair.endsWith(" alone")) continue;
            String[] threads = pair.split("->");
            assertEquals(threads[0], threads[1], "an inner loop left its outer chunk's thread");
        }
    }

    /** Loops started from several threads at once all complete (one gets the team, the rest run alone). */
    @Test
    void concurrentCallersAllComplete() throws Exception {
        int callers = 4, n = 50_000;
        long[] sums = new long[callers];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int rep = 0; rep < 50; rep++) {
                    AtomicIntegerArray visits = new AtomicIntegerArray(n);
                    Parallel.forChunks(n, 8, (from, to) -> { for (int i = from; i < to; i++) visits.incrementAndGet(i); });
                    long s = 0;
                    for (int i = 0; i < n; i++) s += visits.get(i);
                    sums[id] += s;
                }
            }));
        }
        for (Thread t : threads) t.join(60_000);
        for (int t = 0; t < callers; t++) assertEquals(50L * n, sums[t], "caller " + t);
    }

    @Test
    void smallWorkStaysOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        Thread[] ran = new Thread[1];
        Parallel.forRange(10, 100, (from, to) -> ran[0] = Thread.currentThread());
        assertSame(caller, ran[0]);
        assertTrue(Parallel.threads() >= 1);
    }
}
