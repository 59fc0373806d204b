package dev.myelin.cuda.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Compiled kernels kept on disk, the way CuPy keeps them: the key is a hash of the source, the
 * options (which carry the architecture) and the compiler's version, so any change compiles anew.
 * An entry is written to a temporary file and moved into place, so a reader never sees half a file;
 * it carries its own length and hash, so a corrupt entry is noticed, ignored and rebuilt. A folder
 * that cannot be written only costs a compile per process.
 */
public final class KernelCache {
    public static final String ENVIRONMENT = "MYELIN_KERNEL_CACHE";
    private static final byte[] MAGIC = "MYELINK1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + Long.BYTES + 32;
    /** No compiled kernel comes near this (they are kilobytes to a few megabytes); a larger entry is corrupt. */
    static final int MAX_ENTRY_BYTES = 64 << 20;

    private final Path folder;
    private final KernelCompiler compiler;

    public KernelCache(Path folder, KernelCompiler compiler) {
        this.folder = folder;
        this.compiler = compiler;
    }

    /** {@code MYELIN_KERNEL_CACHE}, else {@code ~/.cache/myelin/kernels} (XDG_CACHE_HOME honoured). */
    public static Path defaultFolder(java.util.Map<String, String> env, Path home) {
        String override = env.get(ENVIRONMENT);
        if (override != null && !override.isBlank()) return Path.of(override.trim());
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg.trim()) : home.resolve(".cache");
        return base.resolve("myelin").resolve("kernels");
    }

    public Path folder() { return folder; }

    /** The cache key of one compilation. */
    public String key(String source, List<String> options) {
        MessageDigest d = sha256();
        for (String part : List.of(source, String.join("\u0000", options), compiler.version())) {
            d.update(part.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0x1f);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    public Path entry(String source, List<String> options) {
        return folder.resolve(key(source, options) + ".bin");
    }

    /** The binary for {@code source}: from the cache when a sound entry exists, else compiled and stored. */
    public byte[] binary(String name, String source, List<String> options) {
        Path entry = entry(source, options);
        byte[] cached = read(entry);
        if (cached != null) return cached;
        byte[] binary = compiler.compile(name, source, options);
        write(entry, binary);
        return binary;
    }

    /** The payload of a sound entry, or null when it is missing or corrupt (a corrupt one is deleted). */
    static byte[] read(Path entry) {
        if (!Files.isRegularFile(entry)) return null;
        try {
            byte[] all;
            try (var in = Files.newInputStream(entry)) {
                all = in.readNBytes(MAX_ENTRY_BYTES + 1); // a damaged or foreign file may be of any length
            }
            if (all.length <= MAX_ENTRY_BYTES && all.length >= HEADER && Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                long length = ByteBuffer.wrap(all, MAGIC.length, Long.BYTES).getLong();
                if (length == all.length - HEADER) {
                    byte[] payload = Arrays.copyOfRange(all, HEADER, all.length);
                    byte[] expected = Arrays.copyOfRange(all, MAGIC.length + Long.BYTES, HEADER);
                    if (MessageDigest.isEqual(expected, sha256().digest(payload))) return payload;
                }
            }
            Files.deleteIfExists(entry);
        } catch (IOException e) {
            // unreadable: compile instead
        }
        return null;
    }

    static void write(Path entry, byte[] payload) {
        Path tmp = null;
        try {
            Files.createDirectories(entry.getParent());
            tmp = Files.createTempFile(entry.getParent(), entry.getFileName().toString(), ".tmp");
            ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
            b.put(MAGIC).putLong(payload.length).put(sha256().digest(payload)).put(payload);
            Files.write(tmp, b.array());
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // a read-only or full disk only costs a compile next time
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* nothing more to do */ }
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
