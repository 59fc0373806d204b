package dev.myelin.charts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PngWriterTest {
    @TempDir
    Path dir;

    @Test
    void everyPixelSurvivesTheRoundTrip() {
        // 7x3: odd sizes, and colours whose channels go down left to right so the Sub filter wraps below zero
        RasterCanvas canvas = new RasterCanvas(7, 3, 0xffffffff);
        int[] colours = {0x000000, 0xff0000, 0x00ff00, 0x0000ff, 0x123456, 0xfedcba, 0x7f8081};
        for (int x = 0; x < 7; x++) {
            for (int y = 0; y < 3; y++) canvas.fillRect(x, y, 1, 1, 0xff000000 | colours[(x + 2 * y) % colours.length]);
        }
        PngDecoder png = PngDecoder.decode(PngWriter.encode(canvas));
        assertEquals(7, png.width());
        assertEquals(3, png.height());
        assertEquals(List.of("IHDR", "IDAT", "IEND"), png.chunkTypes());
        for (int x = 0; x < 7; x++) {
            for (int y = 0; y < 3; y++) assertEquals(colours[(x + 2 * y) % colours.length], png.rgb(x, y), "pixel " + x + "," + y);
        }
    }

    @Test
    void endsWithTheFixedIendChunk() {
        byte[] png = PngWriter.encode(new RasterCanvas(2, 2, 0xff000000));
        // IEND has no data, so its chunk is always these 12 bytes (length 0, "IEND", CRC AE426082)
        byte[] iend = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
        assertArrayEquals(iend, Arrays.copyOfRange(png, png.length - 12, png.length));
    }

    @Test
    void aCorruptedByteIsCaughtByTheChunkCrc() {
        byte[] png = PngWriter.encode(new RasterCanvas(4, 4, 0xff336699));
        png[8 + 8 + 2] ^= 1;   // inside IHDR's data (after the signature, the length and the type)
        AssertionError e = assertThrows(AssertionError.class, () -> PngDecoder.decode(png));
        assertTrue(e.getMessage().contains("IHDR"), e.getMessage());
    }

    @Test
    void writesWholeFileAndLeavesNoTemporary() throws IOException {
        Path png = dir.resolve("a.png");
        Files.writeString(png, "an older chart");
        RasterCanvas canvas = new RasterCanvas(3, 2, 0xff0000ff);
        PngWriter.write(canvas, png);
        assertArrayEquals(PngWriter.encode(canvas), Files.readAllBytes(png));
        assertFalse(Files.exists(dir.resolve("a.png.tmp")));
    }

    @Test
    void aFolderThatIsNotThereIsAnIoErrorAndLeavesNothing() {
        Path png = dir.resolve("missing/a.png");
        assertThrows(IOException.class, () -> PngWriter.write(new RasterCanvas(1, 1, 0), png));
        assertFalse(Files.exists(png));
    }
}
