package dev.myelin.charts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes a {@link RasterCanvas} as a PNG (8-bit truecolour, no interlace) with java.util.zip only:
 * the signature, then IHDR, one IDAT holding the zlib-deflated scanlines, and IEND, each chunk
 * closed by the CRC-32 of its type and data (PNG specification, sections 5 and 11).
 */
final class PngWriter {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int BIT_DEPTH = 8, COLOUR_TYPE_RGB = 2;
    private static final int FILTER_SUB = 1;   // each byte minus the one a pixel to its left: flat runs of colour become zeros

    private PngWriter() {}

    /**
     * Writes {@code canvas} to {@code png} whole or not at all: into a temporary file beside it,
     * then moved over it, so a reader never sees half a chart.
     */
    static void write(RasterCanvas canvas, Path png) throws IOException {
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        try {
            Files.write(tmp, encode(canvas));
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static byte[] encode(RasterCanvas canvas) {
        int w = canvas.width(), h = canvas.height();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, w);
        putInt(header, 4, h);
        header[8] = BIT_DEPTH;
        header[9] = COLOUR_TYPE_RGB;   // compression, filter method and interlace stay 0
        chunk(out, "IHDR", header);
        chunk(out, "IDAT", deflate(scanlines(canvas)));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Each row as a filter-type byte then its filtered RGB bytes. */
    private static byte[] scanlines(RasterCanvas canvas) {
        int w = canvas.width(), h = canvas.height(), stride = 1 + 3 * w;
        byte[] raw = new byte[stride * h];
        for (int y = 0; y < h; y++) {
            int row = y * stride, left = 0;
            raw[row] = FILTER_SUB;
            for (int x = 0; x < w; x++) {
                int rgb = canvas.rgb(x, y), k = row + 1 + 3 * x;
                raw[k] = (byte) (((rgb >> 16) & 0xff) - ((left >> 16) & 0xff));
                raw[k + 1] = (byte) (((rgb >> 8) & 0xff) - ((left >> 8) & 0xff));
                raw[k + 2] = (byte) ((rgb & 0xff) - (left & 0xff));
                left = rgb;
            }
        }
        return raw;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);   // zlib framing, as PNG requires
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            while (!deflater.finished()) out.write(buf, 0, deflater.deflate(buf));
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        byte[] four = new byte[4];
        putInt(four, 0, data.length);
        out.writeBytes(four);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        putInt(four, 0, (int) crc.getValue());
        out.writeBytes(four);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
