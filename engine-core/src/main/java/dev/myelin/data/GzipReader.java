package dev.myelin.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a gzip file (RFC 1952), one member after another as {@code gzip -d} does, and
 * checks what {@link java.util.zip.GZIPInputStream} lets pass: every member's CRC-32 and length,
 * a stream cut short, and bytes after the last member that are not another member (the JDK's
 * reader silently drops them). Every failure is a {@link DataFileException} naming the file and
 * the byte offset in the compressed file.
 */
final class GzipReader extends InputStream {
    /** Deflate cannot expand data by more than this factor (a 258-byte match per bit pair, RFC 1951). */
    static final long MAX_EXPANSION = 1032;

    private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, RESERVED = 0xe0;

    private final InputStream raw;
    private final String source;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 16];
    private int pos, lim;
    private long bufStart;       // offset in the compressed file of buf[0]
    private long memberStart;
    private long memberLength;   // uncompressed bytes of the current member
    private boolean inMember, ended;
    private int members;

    GzipReader(InputStream raw, String source) {
        this.raw = raw;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!ended) {
            if (!inMember) {
                if (!startMember()) {
                    ended = true;
                    break;
                }
                continue;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new DataFileException(source + ": corrupt gzip data in the member starting at byte " + memberStart
                        + ", near byte " + offset() + ": " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberLength += n;
                return n;
            }
            if (inflater.finished()) {
                pos = lim - inflater.getRemaining();
                endMember();
            } else if (inflater.needsDictionary()) {
                throw new DataFileException(source + ": corrupt gzip data at byte " + memberStart
                        + ": the deflate stream asks for a preset dictionary, which gzip never uses");
            } else if (inflater.needsInput()) {
                pos = lim;
                if (!fill()) {
                    throw new DataFileException(source + ": truncated gzip data: the file ends at byte " + offset()
                            + " inside the compressed member that starts at byte " + memberStart
                            + " (expected more deflate data, then an 8-byte CRC and length trailer)");
                }
                inflater.setInput(buf, pos, lim - pos);
            }
        }
        return -1;
    }

    /** The offset in the compressed file of the next byte not yet consumed. */
    private long offset() {
        return bufStart + (inMember && !inflater.needsInput() ? lim - inflater.getRemaining() : pos);
    }

    /** Reads a member header; false at the end of the file after at least one member. */
    private boolean startMember() throws IOException {
        if (pos == lim && !fill()) {
            if (members == 0) throw new DataFileException(source + ": empty file (expected gzip data)");
            return false;
        }
        memberStart = bufStart + pos;
        int id1 = u8("the gzip magic number"), id2 = pos < lim || fill() ? buf[pos++] & 0xff : -1;
        if (id1 != 0x1f || id2 != 0x8b) {
            if (members == 0) {
                throw new DataFileException(source + ": not gzip data: expected the magic number 1f 8b at byte 0, found "
                        + hex(id1) + " " + hex(id2));
            }
            long garbage = lim - pos + 2 + raw.transferTo(java.io.OutputStream.nullOutputStream()) - (id2 < 0 ? 1 : 0);
            throw new DataFileException(source + ": " + garbage + " bytes of garbage after the gzip data, from byte "
                    + memberStart + " (expected the end of the file or another gzip member starting 1f 8b, found "
                    + hex(id1) + (id2 < 0 ? "" : " " + hex(id2)) + ")");
        }
        int method = u8("the compression method");
        if (method != 8) {
            throw new DataFileException(source + ": gzip compression method " + method + " at byte " + (memberStart + 2)
                    + " is not supported (expected 8, deflate)");
        }
        int flags = u8("the flags");
        if ((flags & RESERVED) != 0) {
            throw new DataFileException(source + ": corrupt gzip header at byte " + (memberStart + 3)
                    + ": reserved flag bits are set (flags 0x" + Integer.toHexString(flags) + ")");
        }
        skip(6, "the modification time, extra flags and OS");
        if ((flags & FEXTRA) != 0) skip(u8("the extra field's length") | u8("the extra field's length") << 8, "the extra field");
        if ((flags & FNAME) != 0) skipZeroTerminated("the file name");
        if ((flags & FCOMMENT) != 0) skipZeroTerminated("the comment");
        if ((flags & FHCRC) != 0) skip(2, "the header CRC");
        inflater.reset();
        crc.reset();
        memberLength = 0;
        inflater.setInput(buf, pos, lim - pos);
        inMember = true;
        members++;
        return true;
    }

    private void endMember() throws IOException {
        inMember = false;
        long trailer = bufStart + pos;
        long storedCrc = u32("the CRC-32 trailer"), storedLength = u32("the length trailer");
        if (storedCrc != crc.getValue()) {
            throw new DataFileException(source + ": corrupt gzip data: the member starting at byte " + memberStart
                    + " records CRC-32 " + String.format("%08x", storedCrc) + " at byte " + trailer
                    + " but its data gives " + String.format("%08x", crc.getValue()));
        }
        if (storedLength != (memberLength & 0xffffffffL)) {
            throw new DataFileException(source + ": corrupt gzip data: the member starting at byte " + memberStart
                    + " records a length of " + storedLength + " bytes at byte " + (trailer + 4)
                    + " but holds " + memberLength);
        }
    }

    private boolean fill() throws IOException {
        if (pos < lim) return true;
        bufStart += lim;
        pos = lim = 0;
        int n = raw.read(buf, 0, buf.length);
        if (n <= 0) return false;
        lim = n;
        return true;
    }

    private int u8(String field) throws IOException {
        if (!fill()) {
            throw new DataFileException(source + ": truncated gzip header: the file ends at byte " + (bufStart + pos)
                    + ", before " + field + " of the member starting at byte " + memberStart);
        }
        return buf[pos++] & 0xff;
    }

    private long u32(String field) throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) v |= (long) u8(field) << (8 * i);
        return v;
    }

    private void skip(int n, String field) throws IOException {
        for (int i = 0; i < n; i++) u8(field);
    }

    private void skipZeroTerminated(String field) throws IOException {
        while (u8(field) != 0) {
            // a name or comment, which nothing needs
        }
    }

    private static String hex(int b) {
        return b < 0 ? "the end of the file" : String.format("%02x", b);
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        raw.close();
    }
}
