package dev.myelin.data;

import dev.myelin.backend.HeapMemory;
import dev.myelin.backend.InsufficientMemoryException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * The IDX format of MNIST (LeCun's page): a magic number {@code 0x00 0x00 TYPE RANK}, then
 * {@code RANK} big-endian int32 dimensions, then the values row-major. Only unsigned bytes
 * ({@code TYPE 0x08}) are read, the type of every MNIST-family file. A file may be gzip-compressed;
 * that is decided by its first two bytes (the gzip magic), not by its name, so a renamed file still
 * reads.
 */
public final class Idx {
    /** IDX type code for unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;

    private static final int GZIP_MAGIC_0 = 0x1f, GZIP_MAGIC_1 = 0x8b;
    private static final int MAX_RANK = 8;
    /** The most elements a Java array can hold on common JVMs. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private Idx() {}

    /** An IDX file's contents: {@code dims} and the unsigned bytes, row-major. {@code source} names it in errors. */
    public record Contents(String source, int[] dims, byte[] data) {
        public int dim(int axis) { return dims[axis]; }

        public int rank() { return dims.length; }

        /** The value at flat index {@code i}, as the unsigned number it stands for (0..255). */
        public int unsigned(int i) { return data[i] & 0xff; }

        @Override
        public String toString() { return source + " " + Arrays.toString(dims); }
    }

    /**
     * Reads an IDX file, plain or gzip-compressed. Nothing larger than the file can hold is allocated:
     * a header that declares more values than the file's length allows is refused before any buffer
     * is made.
     *
     * @throws DataFileException naming the file when it is missing, truncated or corrupt
     */
    public static Contents read(Path file) throws IOException {
        long length;
        try {
            length = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), length);
        }
    }

    /**
     * Reads an IDX stream, plain or gzip-compressed; {@code source} names it in errors (a path or a
     * resource name). The buffer for the values grows only as data arrives, so a header that declares
     * more than the stream holds costs no more memory than the stream itself.
     *
     * @throws DataFileException when the content is not a well-formed unsigned-byte IDX file
     */
    public static Contents read(InputStream raw, String source) throws IOException {
        return read(raw, source, -1);
    }

    /** {@code length} is the stream's length in bytes when known, else -1. */
    private static Contents read(InputStream raw, String source, long length) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        boolean gzip = b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1;
        if (!gzip) return parse(in, source, length, length);
        // Deflate expands at most 1032-fold: a bound on what a gzip file of this length can hold.
        long holds = length < 0 ? -1 : Math.multiplyHigh(length, GzipReader.MAX_EXPANSION) != 0
                ? Long.MAX_VALUE : length * GzipReader.MAX_EXPANSION;
        return parse(new BufferedInputStream(new GzipReader(in, source), 1 << 16), source, holds, -1);
    }

    /**
     * {@code atMost} bounds the decoded length (-1: unknown); {@code exactly} is the exact decoded
     * length when known (a plain file), else -1.
     */
    private static Contents parse(InputStream in, String source, long atMost, long exactly) throws IOException {
        byte[] header = new byte[4];
        int got = in.readNBytes(header, 0, 4);
        if (got < 4) {
            throw new DataFileException(source + ": truncated: expected a 4-byte IDX header, found " + got + " bytes");
        }
        if (header[0] != 0 || header[1] != 0) {
            throw new DataFileException(source + ": not an IDX file: bad magic number " + hex(header)
                    + " at byte 0 (an IDX file starts with 00 00, then its type and rank)");
        }
        int type = header[2] & 0xff, rank = header[3] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new DataFileException(source + ": IDX type 0x" + Integer.toHexString(type)
                    + " is not supported (byte 2); only unsigned bytes (0x08), the type of MNIST files, are read");
        }
        if (rank < 1 || rank > MAX_RANK) {
            throw new DataFileException(source + ": corrupt IDX header: rank " + rank + " at byte 3 (expected 1 to "
                    + MAX_RANK + ")");
        }
        byte[] dimBytes = new byte[4 * rank];
        got = in.readNBytes(dimBytes, 0, dimBytes.length);
        if (got < dimBytes.length) {
            throw new DataFileException(source + ": truncated: expected " + rank + " dimensions ("
                    + dimBytes.length + " bytes) after the magic number, found " + got + " bytes");
        }
        int headerBytes = 4 + dimBytes.length;
        int[] dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xff) << 24) | ((dimBytes[4 * i + 1] & 0xff) << 16)
                    | ((dimBytes[4 * i + 2] & 0xff) << 8) | (dimBytes[4 * i + 3] & 0xff);
            if (dims[i] < 0) {
                throw new DataFileException(source + ": corrupt IDX header: dimension " + i + " (bytes " + (4 + 4 * i)
                        + " to " + (7 + 4 * i) + ") is " + dims[i] + ", expected 0 or more");
            }
            size *= dims[i]; // both below 2^31: no overflow, and checked below before the next product
            if (size > MAX_VALUES) {
                throw new DataFileException(source + ": corrupt IDX header: dimensions "
                        + Arrays.toString(Arrays.copyOf(dims, i + 1)) + " hold " + size + " values, more than "
                        + MAX_VALUES + ", the most a Java array can");
            }
        }
        String need = "dimensions " + Arrays.toString(dims) + " need " + size + " bytes of data";
        String where = " (the values start at byte " + headerBytes + ")";
        if (exactly >= 0 && exactly != headerBytes + size) {
            long found = exactly - headerBytes;
            throw new DataFileException(source + ": " + (found < size ? "truncated" : "corrupt") + ": " + need
                    + ", found " + found + where);
        }
        if (atMost >= 0 && headerBytes + size > atMost) {
            throw new DataFileException(source + ": truncated or corrupt: " + need + where + ", but a gzip file of this length"
                    + " decompresses to at most " + atMost + " bytes");
        }
        byte[] data = readUpTo(in, (int) size, exactly >= 0, source);
        if (data.length < size) {
            throw new DataFileException(source + ": truncated: " + need + ", found " + data.length + where);
        }
        if (in.read() != -1) {
            long extra = 1 + in.transferTo(OutputStream.nullOutputStream());
            throw new DataFileException(source + ": corrupt: " + need + ", found " + (size + extra)
                    + where + ", " + extra + " bytes too many");
        }
        return new Contents(source, dims, data);
    }

    /**
     * Up to {@code size} bytes of {@code in}; shorter when the stream ends first. Unless {@code known}
     * (the file's length already vouches for them), the buffer grows only as data arrives.
     */
    private static byte[] readUpTo(InputStream in, int size, boolean known, String source) throws IOException {
        int n = 0;
        byte[] data = allocate(known ? size : Math.min(size, 1 << 20), source);
        while (n < size) {
            if (n == data.length) data = grow(data, (int) Math.min(size, 2L * n), source);
            int r = in.read(data, n, data.length - n);
            if (r < 0) return Arrays.copyOf(data, n);
            n += r;
        }
        return data;
    }

    private static byte[] allocate(int length, String source) throws DataFileException {
        try {
            HeapMemory.require(length, "its data");
            return new byte[length];
        } catch (OutOfMemoryError e) {
            throw outOfMemory(InsufficientMemoryException.heap("its data", length, e), source);
        } catch (InsufficientMemoryException e) {
            throw outOfMemory(e, source);
        }
    }

    private static byte[] grow(byte[] data, int length, String source) throws DataFileException {
        byte[] bigger = allocate(length, source);
        System.arraycopy(data, 0, bigger, 0, data.length);
        return bigger;
    }

    private static DataFileException outOfMemory(InsufficientMemoryException e, String source) {
        DataFileException d = new DataFileException(source + ": " + e.getMessage());
        d.initCause(e);
        return d;
    }

    /** Writes an unsigned-byte IDX file, gzip-compressed when {@code gzip}. */
    public static void write(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
        long size = 1;
        for (int d : dims) size *= d;
        if (size != data.length) {
            throw new IllegalArgumentException("dimensions " + Arrays.toString(dims) + " need " + size
                    + " values, got " + data.length);
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (DataOutputStream h = new DataOutputStream(header)) {
            h.writeByte(0);
            h.writeByte(0);
            h.writeByte(UNSIGNED_BYTE);
            h.writeByte(dims.length);
            for (int d : dims) h.writeInt(d);
        }
        try (OutputStream file0 = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(file0, 1 << 16) : file0) {
            header.writeTo(out);
            out.write(data);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            if (!b.isEmpty()) b.append(' ');
            b.append(String.format("%02x", x & 0xff));
        }
        return b.toString();
    }
}
