package dev.myelin.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The size of one core's L2 cache, which inference sizes its parts of a batch to: read from Linux's
 * {@code /sys/devices/system/cpu/cpu0/cache} (the unified level-2 entry), else 1 MiB (today's
 * x86 and Arm server cores have 1 to 2 MiB).
 */
final class CacheSize {
    static final long DEFAULT_L2_BYTES = 1 << 20;

    private CacheSize() {}

    /** Core 0's L2 in bytes, or {@link #DEFAULT_L2_BYTES} where the system does not say. */
    static long l2Bytes() {
        Path caches = Path.of("/sys/devices/system/cpu/cpu0/cache");
        for (int i = 0; i < 8; i++) {
            Path index = caches.resolve("index" + i);
            try {
                if (!Files.isDirectory(index)) break;
                if (read(index, "level").equals("2") && !read(index, "type").equals("Instruction")) {
                    long size = parse(read(index, "size"));
                    if (size > 0) return size;
                }
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        return DEFAULT_L2_BYTES;
    }

    /** "1024K", "2M" or a byte count as bytes; -1 when it is none of those. */
    static long parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        long unit = s.endsWith("K") ? 1 << 10 : s.endsWith("M") ? 1 << 20 : 1;
        if (unit > 1) s = s.substring(0, s.length() - 1);
        try {
            return Long.parseLong(s) * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file)).trim();
    }
}
