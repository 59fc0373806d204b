package dev.myelin.cuda.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelCacheTest {
    private static final List<String> SM90 = List.of("--gpu-architecture=sm_90", "--fmad=false");

    /** Compiles by reversing the source bytes, and counts its calls. */
    static final class FakeCompiler implements KernelCompiler {
        final List<String> compiled = new ArrayList<>();
        String version = "fake 1.0";

        @Override
        public byte[] compile(String name, String source, List<String> options) {
            compiled.add(name);
            byte[] b = (source + options).getBytes(StandardCharsets.UTF_8);
            byte[] r = new byte[b.length];
            for (int i = 0; i < b.length; i++) r[i] = b[b.length - 1 - i];
            return r;
        }

        @Override
        public String version() { return version; }
    }

    @TempDir
    Path dir;

    @Test
    void aSecondRequestIsServedFromDiskWithoutCompiling() {
        FakeCompiler c = new FakeCompiler();
        byte[] first = new KernelCache(dir, c).binary("a.cu", "source A", SM90);
        byte[] second = new KernelCache(dir, c).binary("a.cu", "source A", SM90);   // a new cache object: a new process
        assertArrayEquals(first, second);
        assertEquals(List.of("a.cu"), c.compiled);
    }

    @Test
    void theKeyChangesWithSourceOptionsArchitectureAndCompilerVersion() {
        FakeCompiler c = new FakeCompiler();
        KernelCache cache = new KernelCache(dir, c);
        String base = cache.key("source", SM90);
        assertNotEquals(base, cache.key("source ", SM90));
        assertNotEquals(base, cache.key("source", List.of("--gpu-architecture=sm_80", "--fmad=false")));
        assertNotEquals(base, cache.key("source", List.of("--gpu-architecture=sm_90")));
        c.version = "fake 2.0";
        assertNotEquals(base, cache.key("source", SM90));
        assertEquals(64, base.length());
    }

    @Test
    void aCorruptEntryIsIgnoredRebuiltAndReplaced() throws IOException {
        FakeCompiler c = new FakeCompiler();
        KernelCache cache = new KernelCache(dir, c);
        byte[] good = cache.binary("a.cu", "source A", SM90);
        Path entry = cache.entry("source A", SM90);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 1] ^= 0x55;   // one flipped byte in the payload
        Files.write(entry, bytes);
        assertArrayEquals(good, cache.binary("a.cu", "source A", SM90));
        assertEquals(2, c.compiled.size());
        assertArrayEquals(good, KernelCache.read(entry), "the rebuilt entry is sound again");
    }

    @Test
    void aTruncatedOrForeignEntryIsIgnored() throws IOException {
        FakeCompiler c = new FakeCompiler();
        KernelCache cache = new KernelCache(dir, c);
        byte[] good = cache.binary("a.cu", "src", SM90);
        Path entry = cache.entry("src", SM90);
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, Arrays.copyOf(bytes, bytes.length - 3));
        assertArrayEquals(good, cache.binary("a.cu", "src", SM90));
        Files.writeString(entry, "not a kernel");
        assertArrayEquals(good, cache.binary("a.cu", "src", SM90));
        assertEquals(3, c.compiled.size());
    }

    @Test
    void writingLeavesNoTemporaryFilesBehind() throws IOException {
        new KernelCache(dir, new FakeCompiler()).binary("a.cu", "src", SM90);
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.getFirst().endsWith(".bin"));
        }
    }

    @Test
    void anUnwritableFolderStillCompiles() throws IOException {
        Path file = Files.createFile(dir.resolve("a-file-not-a-folder"));
        FakeCompiler c = new FakeCompiler();
        KernelCache cache = new KernelCache(file.resolve("kernels"), c);
        assertEquals(cache.binary("a.cu", "src", SM90).length, c.compile("x", "src", SM90).length);
    }

    @Test
    void theFolderIsOverriddenByTheEnvironmentElseUnderTheUserCache() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/tmp/k"), KernelCache.defaultFolder(Map.of("MYELIN_KERNEL_CACHE", "/tmp/k"), home));
        assertEquals(Path.of("/home/u/.cache/myelin/kernels"), KernelCache.defaultFolder(Map.of(), home));
        assertEquals(Path.of("/x/myelin/kernels"), KernelCache.defaultFolder(Map.of("XDG_CACHE_HOME", "/x"), home));
    }
}
