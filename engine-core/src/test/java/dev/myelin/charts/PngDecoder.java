package dev.myelin.charts;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A strict reader of the PNGs {@link PngWriter} makes (8-bit RGB, no interlace), written from the
 * specification for the tests: it checks the signature and every chunk's CRC, and undoes all five
 * row filters, so it does not share the writer's assumptions.
 */
record PngDecoder(int width, int height, List<String> chunkTypes, int[] rgb) {
    int rgb(int x, int y) { return rgb[y * width + x]; }

    static PngDecoder decode(byte[] png) {
        if (!Arrays.equals(Arrays.copyOf(png, 8), PNG_SIGNATURE)) throw new AssertionError("not a PNG signature: " + Arrays.toString(Arrays.copyOf(png, 8)));
        ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
        List<String> types = new ArrayList<>();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        int width = -1, height = -1;
        while (in.hasRemaining()) {
            int length = in.getInt();
            byte[] type = new byte[4], data = new byte[length];
            in.get(type).get(data);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            int stored = in.getInt();
            String name = new String(type, StandardCharsets.US_ASCII);
            if (stored != (int) crc.getValue()) throw new AssertionError("bad CRC in chunk " + name);
            types.add(name);
            switch (name) {
                case "IHDR" -> {
                    ByteBuffer h = ByteBuffer.wrap(data);
                    width = h.getInt();
                    height = h.getInt();
                    if (h.get() != 8 || h.get() != 2 || h.get() != 0 || h.get() != 0 || h.get() != 0) {
                        throw new AssertionError("expected 8-bit RGB, deflate, adaptive filters, no interlace: " + Arrays.toString(data));
                    }
                }
                case "IDAT" -> idat.writeBytes(data);
                default -> { }
            }
        }
        return new PngDecoder(width, height, types, unfilter(inflate(idat.toByteArray()), width, height));
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};

    private static byte[] inflate(byte[] zlib) {
        Inflater inflater = new Inflater();
        inflater.setInput(zlib);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) throw new AssertionError("truncated zlib stream");
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new AssertionError("IDAT is not a zlib stream", e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    private static int[] unfilter(byte[] raw, int width, int height) {
        int stride = 3 * width;
        if (raw.length != (stride + 1) * height) throw new AssertionError("inflated " + raw.length + " bytes, expected " + (stride + 1) * height);
        byte[] prev = new byte[stride], cur = new byte[stride];
        int[] rgb = new int[width * height];
        for (int y = 0; y < height; y++) {
            int filter = raw[y * (stride + 1)];
            for (int i = 0; i < stride; i++) {
                int x = raw[y * (stride + 1) + 1 + i] & 0xff;
                int a = i >= 3 ? cur[i - 3] & 0xff : 0, b = prev[i] & 0xff, c = i >= 3 ? prev[i - 3] & 0xff : 0;
                int predicted = switch (filter) {
                    case 0 -> 0;
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) / 2;
                    case 4 -> paeth(a, b, c);
                    default -> throw new AssertionError("row " + y + " has filter type " + filter);
                };
                cur[i] = (byte) (x + predicted);
            }
            for (int px = 0; px < width; px++) {
                rgb[y * width + px] = (cur[3 * px] & 0xff) << 16 | (cur[3 * px + 1] & 0xff) << 8 | (cur[3 * px + 2] & 0xff);
            }
            byte[] t = prev; prev = cur; cur = t;
        }
        return rgb;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
