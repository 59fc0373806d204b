package dev.myelin.charts;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes images as a PNG grid, row after row: how an example shows its inputs beside what the model
 * made of them (originals above reconstructions, say). Values are intensities in [0, 1], clamped;
 * an image is {@code height * width} values (grayscale) or {@code height * width * 3} (RGB, HWC).
 */
public final class ImageGrid {
    private static final int GAP = 2, BACKGROUND = 0xff808080;

    private ImageGrid() {}

    /**
     * Writes {@code images} in rows of {@code columns}, each pixel drawn as a {@code scale} by
     * {@code scale} square, to {@code png} (whole or not at all).
     */
    public static void write(float[][] images, int height, int width, int columns, int scale, Path png) throws IOException {
        if (images.length == 0 || height < 1 || width < 1 || columns < 1 || scale < 1) {
            throw new IllegalArgumentException("ImageGrid needs at least one image and positive sizes, got " + images.length
                    + " images of " + height + "x" + width + ", " + columns + " columns, scale " + scale);
        }
        int rows = (images.length + columns - 1) / columns, cellW = width * scale + GAP, cellH = height * scale + GAP;
        RasterCanvas canvas = new RasterCanvas(columns * cellW + GAP, rows * cellH + GAP, BACKGROUND);
        for (int i = 0; i < images.length; i++) {
            float[] img = images[i];
            int channels = img.length / (height * width);
            if (channels * height * width != img.length || (channels != 1 && channels != 3)) {
                throw new IllegalArgumentException("image " + i + " has " + img.length + " values; a " + height + "x" + width
                        + " image has " + height * width + " (grayscale) or " + 3 * height * width + " (RGB)");
            }
            int x0 = GAP + (i % columns) * cellW, y0 = GAP + (i / columns) * cellH;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = (y * width + x) * channels;
                    int r = level(img[p]), g = channels == 3 ? level(img[p + 1]) : r, b = channels == 3 ? level(img[p + 2]) : r;
                    canvas.fillRect(x0 + x * scale, y0 + y * scale, scale, scale, 0xff000000 | r << 16 | g << 8 | b);
                }
            }
        }
        PngWriter.write(canvas, png);
    }

    private static int level(float v) {
        return Math.round(255 * Math.min(1f, Math.max(0f, Float.isNaN(v) ? 0f : v)));
    }
}
