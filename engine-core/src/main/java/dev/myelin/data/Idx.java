package dev.myelin.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

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

    /** Reads an IDX file, plain or gzip-compressed. */
    public static Contents read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such file");
        }
    }

    /**
     * Reads an IDX stream, plain or gzip-compressed; {@code source} names it in errors (a path or a
     * resource name).
     *
     * @throws DataFileException when the content is not a well-formed unsigned-byte IDX file
     */
    public static Contents read(InputStream raw, String source) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        boolean gzip = b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1;
        if (gzip) in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        try {
            return parse(in, source);
        } catch (EOFException | ZipException e) {
            // A gzip stream cut short ends in one of these before our own length check can see it.
            throw new DataFileException(source + ": truncated or corrupt gzip data (" + e.getMessage() + ")");
        }
    }

    private static Contents parse(InputStream in, String source) throws IOException {
        byte[] header = new byte[4];
        int got = in.readNBytes(header, 0, 4);
        if (got < 4) {
            throw new DataFileException(source + ": truncated: expected a 4-byte IDX header, found " + got + " bytes");
        }
        if (header[0] != 0 || header[1] != 0) {
            throw new DataFileException(source + ": not an IDX file: bad magic number "
                    + hex(header) + " (an IDX file starts with 00 00, then its type and rank)");
        }
        int type = header[2] & 0xff, rank = header[3] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new DataFileException(source + ": IDX type 0x" + Integer.toHexString(type)
                    + " is not supported; only unsigned bytes (0x08), the type of MNIST files, are read");
        }
        if (rank < 1 || rank > MAX_RANK) {
            throw new DataFileException(source + ": corrupt IDX header: rank " + rank + " (expected 1 to " + MAX_RANK + ")");
        }
        byte[] dimBytes = new byte[4 * rank];
        got = in.readNBytes(dimBytes, 0, dimBytes.length);
        if (got < dimBytes.length) {
            throw new DataFileException(source + ": truncated: expected " + rank + " dimensions ("
                    + dimBytes.length + " bytes) after the magic number, found " + got + " bytes");
        }
        int[] dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xff) << 24) | ((dimBytes[4 * i + 1] & 0xff) << 16)
                    | ((dimBytes[4 * i + 2] & 0xff) << 8) | (dimBytes[4 * i + 3] & 0xff);
            if (dims[i] < 0) {
                throw new DataFileException(source + ": corrupt IDX header: dimension " + i + " is " + dims[i]);
            }
            size *= dims[i];
            if (size > Integer.MAX_VALUE - 8) {
                throw new DataFileException(source + ": IDX dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " hold more values than a Java array can");
            }
        }
        byte[] data = new byte[(int) size];
        got = in.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw new DataFileException(source + ": truncated: dimensions " + Arrays.toString(dims)
                    + " need " + data.length + " bytes of data, found " + got);
        }
        if (in.read() != -1) {
            long extra = 1 + in.transferTo(OutputStream.nullOutputStream());
            throw new DataFileException(source + ": corrupt: dimensions " + Arrays.toString(dims)
                    + " need " + data.length + " bytes of data, found " + (data.length + extra));
        }
        return new Contents(source, dims, data);
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
