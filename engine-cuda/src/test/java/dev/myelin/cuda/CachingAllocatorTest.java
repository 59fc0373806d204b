package dev.myelin.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachingAllocatorTest {

    /** A device with a fixed capacity that records what it was asked. */
    static final class FakeDevice implements CachingAllocator.Device {
        final long capacity;
        final java.util.Map<Long, Long> live = new java.util.HashMap<>();
        final List<Long> freed = new ArrayList<>();
        long used;
        long next = 0x1000;
        int synchronizations;

        FakeDevice(long capacity) { this.capacity = capacity; }

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) return 0;
            used += bytes;
            long p = next;
            next += bytes;
            live.put(p, bytes);
            return p;
        }

        @Override
        public void free(long address) {
            freed.add(address);
            used -= live.remove(address);
        }

        @Override
        public long[] memoryInfo() { return new long[] {capacity - used, capacity}; }

        @Override
        public void synchronize() { synchronizations++; }
    }

    @Test
    void sizeClassesRoundTo512BytesBelowAMebibyteAndToMebibytesAbove() {
        assertEquals(512, CachingAllocator.sizeClass(1));
        assertEquals(512, CachingAllocator.sizeClass(512));
        assertEquals(1024, CachingAllocator.sizeClass(513));
        assertEquals(2 << 20, CachingAllocator.sizeClass((1 << 20) + 1));
    }

    @Test
    void aFreedBlockIsReusedForTheSameSizeClassWithoutAskingTheDriver() {
        FakeDevice d = new FakeDevice(1 << 30);
        CachingAllocator a = new CachingAllocator(d);
        CachingAllocator.Block first = a.allocate(4000);
        a.release(first);
        CachingAllocator.Block second = a.allocate(3900);   // same 4096-byte class
        assertEquals(first, second);
        assertEquals(1, a.driverAllocations());
        CachingAllocator.Block other = a.allocate(10_000);
        assertNotEquals(first.address(), other.address());
        assertEquals(2, a.driverAllocations());
    }

    @Test
    void aSecondStepOfTheSameShapesAllocatesNothingFromTheDriver() {
        CachingAllocator a = new CachingAllocator(new FakeDevice(1 << 30));
        long[] step = {784 * 4 * 32, 500 * 4 * 32, 10 * 4, 431_080 * 4};
        for (int round = 0; round < 3; round++) {
            List<CachingAllocator.Block> live = new ArrayList<>();
            for (long bytes : step) live.add(a.allocate(bytes));
            live.forEach(a::release);
        }
        assertEquals(step.length, a.driverAllocations());
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetriesOnce() {
        FakeDevice d = new FakeDevice(8192);
        CachingAllocator a = new CachingAllocator(d);
        a.release(a.allocate(4096));
        a.release(a.allocate(2048));
        CachingAllocator.Block big = a.allocate(8192);   // fits only once both cached blocks are returned
        assertEquals(8192, big.bytes());
        assertEquals(2, d.freed.size());
        assertTrue(d.synchronizations >= 1, "the stream must be idle before memory goes back to the driver");
    }

    @Test
    void outOfMemoryFirstLetsTheListenersReleaseWhatTheyHoldAsTheConvolutionWorkspace() {
        FakeDevice d = new FakeDevice(8192);
        CachingAllocator a = new CachingAllocator(d);
        CachingAllocator.Block[] workspace = {a.allocate(4096)};   // held, not cached: only its owner can let it go
        a.onOutOfMemory(() -> {
            if (workspace[0] != null) a.release(workspace[0]);
            workspace[0] = null;
        });
        CachingAllocator.Block big = a.allocate(8192);
        assertEquals(8192, big.bytes());
        assertEquals(List.of(0x1000L), d.freed, "the workspace went back to the driver before the retry");
    }

    @Test
    void outOfMemoryAfterTheRetryNamesTheBytesAskedForAndTheBytesFree() {
        CachingAllocator a = new CachingAllocator(new FakeDevice(3 << 20));
        a.allocate(2 << 20);
        CachingAllocator.OutOfDeviceMemoryException e = assertThrows(CachingAllocator.OutOfDeviceMemoryException.class,
                () -> a.allocate(5_000_000));
        String m = e.getMessage();
        assertTrue(m.contains("asked for 5000000 bytes"), m);
        assertTrue(m.contains("1.0 MiB free of 3.0 MiB"), m);
        assertTrue(m.contains("2.0 MiB in live tensors"), m);
    }

    @Test
    void blocksReleasedFromAnotherThreadWaitUntilTheNextAllocation() throws InterruptedException {
        CachingAllocator a = new CachingAllocator(new FakeDevice(1 << 30));
        CachingAllocator.Block b = a.allocate(1000);
        Thread cleaner = new Thread(() -> a.releaseLater(b));
        cleaner.start();
        cleaner.join();
        assertEquals(0, a.cachedBytes(), "nothing is touched on the releasing thread");
        assertEquals(b, a.allocate(1000));
        assertEquals(1, a.driverAllocations());
    }
}
