package dev.myelin.cuda.kernel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz test of the kernel cache's reader: whatever a cache entry holds, {@link KernelCache#read} gives
 * back its payload when the entry is sound and null (deleting it) otherwise; it never throws. The
 * corpus is committed in {@code src/test/resources/dev/myelin/cuda/kernel/KernelCacheFuzzTestInputs}.
 */
class KernelCacheFuzzTest {
    @FuzzTest
    void cacheEntry(byte[] file) throws IOException {
        Path dir = Files.createTempDirectory("myelin-fuzz-kernel");
        Path f = dir.resolve("entry.bin");
        try {
            Files.write(f, file);
            byte[] payload = KernelCache.read(f);
            if (payload == null) {
                assertFalse(Files.exists(f), "an entry that is not sound is deleted");
            } else {
                assertArrayEquals(Arrays.copyOfRange(file, file.length - payload.length, file.length), payload, "the payload ends the entry");
            }
        } finally {
            Files.deleteIfExists(f);
            Files.delete(dir);
        }
    }

    /** The seed is an entry as {@link KernelCache#write} writes it, so the fuzzer starts from a sound one. */
    @Test
    void theSeedIsASoundEntry() throws IOException {
        byte[] seed;
        try (InputStream in = getClass().getResourceAsStream("KernelCacheFuzzTestInputs/cacheEntry/sound-entry")) {
            assertNotNull(in);
            seed = in.readAllBytes();
        }
        Path dir = Files.createTempDirectory("myelin-kernel-seed");
        Path written = dir.resolve("written.bin");
        byte[] payload = KernelCache.read(Files.write(dir.resolve("seed.bin"), seed));
        assertNotNull(payload);
        KernelCache.write(written, payload);
        assertArrayEquals(seed, Files.readAllBytes(written), "the seed is byte for byte what write makes of its payload");
        assertTrue(Files.deleteIfExists(written));
        Files.deleteIfExists(dir.resolve("seed.bin"));
        Files.delete(dir);
    }
}
