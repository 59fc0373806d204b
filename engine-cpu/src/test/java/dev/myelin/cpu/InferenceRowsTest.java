package dev.myelin.cpu;

import dev.myelin.cpu.kernel.Parallel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How many samples inference runs at once on the CPU: as many as fill each thread's L2 cache half
 * with their largest activation, in multiples of 4 (the matrix micro-kernel's rows) when at least
 * 4 fit; and how the cache size is read.
 */
class InferenceRowsTest {
    private final CpuBackend be = new CpuBackend();

    @Test
    void partsFillHalfOfEachThreadsL2() {
        long l2 = CacheSize.l2Bytes(), threads = Parallel.threads();
        assertTrue(l2 >= 64 << 10, "L2 of " + l2 + " bytes");
        assertEquals(1, be.inferenceRows(threads * l2), "a sample larger than half the caches");
        assertEquals(3, be.inferenceRows(threads * l2 / 2 / 3), "three samples fit");
        assertEquals(8, be.inferenceRows(threads * l2 / 2 / 11), "eleven fit: two tiles of 4 rows");
        assertEquals(16, be.inferenceRows(threads * l2 / 2 / 16), "sixteen fit");
        assertEquals(threads * l2 / 2 / 4 * 4, be.inferenceRows(1), "one-byte samples");
    }

    @Test
    void cacheSizesAsLinuxWritesThem() {
        assertEquals(1 << 20, CacheSize.parse("1024K\n"));
        assertEquals(2 << 20, CacheSize.parse("2M"));
        assertEquals(49152, CacheSize.parse("49152"));
        assertEquals(-1, CacheSize.parse("big"));
    }
}
