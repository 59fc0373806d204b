package dev.myelin.charts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageGridTest {
    @TempDir
    Path dir;

    @Test
    void pixelsLandInTheirCells() throws IOException {
        // two 2x3 grayscale images side by side, scale 2, gaps of 2 pixels
        float[] a = {0, 1, 0, 1, 0, 1}, b = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 2f};
        Path png = dir.resolve("grid.png");
        ImageGrid.write(new float[][] {a, b}, 2, 3, 2, 2, png);
        PngDecoder img = PngDecoder.decode(Files.readAllBytes(png));
        assertEquals(2 + 2 * (3 * 2 + 2), img.width());
        assertEquals(2 + (2 * 2 + 2), img.height());
        assertEquals(0x000000, img.rgb(2, 2), "a(0,0) = 0 is black");
        assertEquals(0xffffff, img.rgb(2 + 2, 2 + 1), "a(0,1) = 1 is white, over its 2x2 square");
        int bx = 2 + 8;
        assertEquals(0x808080, img.rgb(bx, 2), "b(0,0) = 0.5 is mid grey (128)");
        assertEquals(0xffffff, img.rgb(bx + 4, 2 + 2), "b(1,2) = 2 is clamped to white");
        assertEquals(0x808080, img.rgb(1, 1), "the background in the gap");
    }

    @Test
    void aWrongImageSizeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.write(new float[][] {new float[5]}, 2, 3, 1, 1, dir.resolve("x.png")));
        assertEquals("image 0 has 5 values; a 2x3 image has 6 (grayscale) or 18 (RGB)", e.getMessage());
    }
}
