package dev.myelin.model;

import dev.myelin.backend.HeapMemory;
import dev.myelin.backend.InsufficientMemoryException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads one entry of a model file's zip whole, checking what {@link ZipFile} does not: the entry's
 * CRC-32 (a flipped bit inside {@code weights.bin} otherwise loads silently), and its length against
 * what the file can hold, growing the buffer only as data arrives.
 */
final class ZipEntryReader {
    /** Deflate expands at most 1032-fold (RFC 1951): a bound on what an entry of a file can decompress to. */
    private static final long MAX_EXPANSION = 1032;

    private ZipEntryReader() {}

    /**
     * The bytes of entry {@code name}.
     *
     * @throws ModelFileException naming the file and entry when it is missing, longer than {@code maxBytes},
     *     longer than the file could hold, or damaged
     */
    static byte[] read(ZipFile zip, Path file, String name, long fileLength, long maxBytes) throws ModelFileException {
        return read(zip, file, name, fileLength, maxBytes, MODEL);
    }

    /** What a model load says before the file's name; the other files pass theirs (see {@link ModelFileException}). */
    static final String MODEL = "cannot load a model from";

    /**
     * Opens {@code file} as a zip; a damaged one is a {@link ModelFileException} starting {@code action FILE:}.
     */
    static ZipFile open(Path file, String action) throws ModelFileException {
        try {
            return new ZipFile(file.toFile());
        } catch (IOException | RuntimeException e) { // ZipException, or EOFException from a damaged end record
            throw new ModelFileException(action, file, "not a valid zip: " + e, e);
        }
    }

    /** {@link #read(ZipFile, Path, String, long, long)}, its errors starting {@code action FILE:}. */
    static byte[] read(ZipFile zip, Path file, String name, long fileLength, long maxBytes, String action) throws ModelFileException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) throw new ModelFileException(action, file, "it holds no " + name + " (is it a Myelin " + kind(action) + "?)", null);
        long bound = Math.min(maxBytes, Math.multiplyHigh(fileLength, MAX_EXPANSION) != 0 ? Long.MAX_VALUE : fileLength * MAX_EXPANSION);
        String limit = bound == maxBytes ? "the most a " + kind(action) + "'s " + name + " may hold" : "the most a file of this length can hold";
        if (entry.getSize() > bound) {
            throw new ModelFileException(action, file, name + " declares " + entry.getSize() + " bytes; " + limit + " is " + bound, null);
        }
        bound = Math.min(bound, Integer.MAX_VALUE - 8);
        CRC32 crc = new CRC32();
        byte[] data;
        int n = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            long first = entry.getSize() >= 0 ? entry.getSize() : 1 << 16;
            data = allocate((int) Math.min(first, Math.min(bound, 1 << 20)), file, name, action);
            while (true) {
                if (n == data.length) {
                    if (n >= bound) {
                        if (in.read() < 0) break;
                        throw new ModelFileException(action, file, name + " holds more than " + bound + " bytes; " + limit + " is " + bound, null);
                    }
                    byte[] bigger = allocate((int) Math.min(bound, Math.max(2L * n, 1)), file, name, action);
                    System.arraycopy(data, 0, bigger, 0, n);
                    data = bigger;
                }
                int r = in.read(data, n, data.length - n);
                if (r < 0) break;
                crc.update(data, n, r);
                n += r;
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFileException(action, file, name + " is damaged: " + e.getMessage(), e);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(action, file, "cannot read " + name + ": " + e.getMessage(), e);
        }
        return finish(data, n, crc, entry, file, name, action);
    }

    private static byte[] finish(byte[] data, int n, CRC32 crc, ZipEntry entry, Path file, String name, String action)
            throws ModelFileException {
        if (entry.getSize() >= 0 && entry.getSize() != n) {
            throw new ModelFileException(action, file, name + " is damaged: the zip records " + entry.getSize() + " bytes, it holds " + n, null);
        }
        if (entry.getCrc() >= 0 && entry.getCrc() != crc.getValue()) {
            throw new ModelFileException(action, file, name + " is damaged: the zip records CRC-32 " + String.format("%08x", entry.getCrc())
                    + ", its bytes give " + String.format("%08x", crc.getValue()), null);
        }
        return n == data.length ? data : Arrays.copyOf(data, n);
    }

    private static byte[] allocate(int length, Path file, String name, String action) throws ModelFileException {
        try {
            HeapMemory.require(length, name);
            return new byte[length];
        } catch (InsufficientMemoryException e) {
            throw new ModelFileException(action, file, e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new ModelFileException(action, file, InsufficientMemoryException.heap(name, length, e).getMessage(), e);
        }
    }

    private static String kind(String action) {
        return action.equals(MODEL) ? "model file" : action.contains("weights") ? "weights file" : "training backup";
    }
}
