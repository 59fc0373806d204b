package dev.myelin.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decodes one image file (PNG, JPEG, BMP, GIF through {@code javax.imageio}) into float pixels
 * 0..255, height x width x channels, resized as TensorFlow's {@code tf.image.resize} does by
 * default (bilinear, half-pixel centers, no antialiasing) — what Keras's image loading uses.
 * Grayscale from color uses TensorFlow's {@code rgb_to_grayscale} weights (0.2989, 0.5870, 0.1140).
 */
final class ImageDecoder {
    /**
     * The decoded image may hold at most this many pixels, and at most ~1100 per byte of file (beyond
     * PNG's deflate ratio of ~1032), so a small file claiming a huge image is refused before decoding.
     */
    static final long MAX_PIXELS = 1L << 25;
    private static final long PIXELS_PER_FILE_BYTE = 1100;

    private ImageDecoder() {}

    /** Decodes {@code file} into {@code out[offset ..]} as {@code height x width x channels} floats. */
    static void decode(Path file, int height, int width, int channels, float[] out, int offset) throws DataFileException {
        BufferedImage img = read(file);
        int h = img.getHeight(), w = img.getWidth();
        float[] src = pixels(img, channels);
        resizeBilinear(src, h, w, channels, out, offset, height, width);
    }

    private static BufferedImage read(Path file) throws DataFileException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new DataFileException(file + ": cannot be opened");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new DataFileException(file + ": not an image in a known format (PNG, JPEG, BMP, GIF)");
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                long w = reader.getWidth(0), h = reader.getHeight(0);
                long limit = Math.min(MAX_PIXELS, Math.max(1 << 16, PIXELS_PER_FILE_BYTE * Files.size(file)));
                if (w < 1 || h < 1 || w * h > limit) {
                    throw new DataFileException(file + ": claims a " + w + " x " + h + " image, more than the "
                            + limit + " pixels allowed for a file of " + Files.size(file) + " bytes");
                }
                BufferedImage img = reader.read(0);
                // Java's JPEG reader returns a part-gray picture for a truncated file, with only a warning.
                if (!warnings.isEmpty()) throw new DataFileException(file + ": corrupt image data (" + warnings.get(0) + ")");
                return img;
            } finally {
                reader.dispose();
            }
        } catch (DataFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports damaged data with IIOException, and sometimes with index or state errors.
            throw new DataFileException(file + ": corrupt or unreadable image (" + e + ")");
        }
    }

    /** The image as height x width x channels floats 0..255. */
    static float[] pixels(BufferedImage img, int channels) {
        int h = img.getHeight(), w = img.getWidth();
        float[] out = new float[h * w * channels];
        boolean gray = img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(img.getColorModel() instanceof IndexColorModel);
        if (gray) {
            // Read the stored levels: getRGB would pass them through a linear-to-sRGB conversion.
            Raster r = img.getRaster();
            int bands = r.getNumBands();
            float scale = 255f / ((1 << r.getSampleModel().getSampleSize(0)) - 1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = r.getSample(x, y, 0) * scale;
                    float a = bands > 1 ? r.getSample(x, y, 1) * (255f / ((1 << r.getSampleModel().getSampleSize(1)) - 1)) : 255f;
                    put(out, (y * w + x) * channels, channels, v, v, v, a, true);
                }
            }
        } else {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                int p = argb[i];
                put(out, i * channels, channels, (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff, (p >>> 24) & 0xff, false);
            }
        }
        return out;
    }

    private static void put(float[] out, int at, int channels, float r, float g, float b, float a, boolean gray) {
        switch (channels) {
            case 1 -> out[at] = gray ? r : 0.2989f * r + 0.5870f * g + 0.1140f * b;
            case 3 -> {
                out[at] = r;
                out[at + 1] = g;
                out[at + 2] = b;
            }
            default -> {
                out[at] = r;
                out[at + 1] = g;
                out[at + 2] = b;
                out[at + 3] = a;
            }
        }
    }

    /** {@code tf.image.resize(method="bilinear")}: sample at {@code (i + 0.5) * in / out - 0.5}, clamped at the edges. */
    static void resizeBilinear(float[] src, int inH, int inW, int c, float[] dst, int offset, int outH, int outW) {
        double sy = (double) inH / outH, sx = (double) inW / outW;
        for (int y = 0; y < outH; y++) {
            double fy = (y + 0.5) * sy - 0.5;
            int y0 = Math.max((int) Math.floor(fy), 0), y1 = Math.min((int) Math.ceil(fy), inH - 1);
            double ly = fy - Math.floor(fy);
            for (int x = 0; x < outW; x++) {
                double fx = (x + 0.5) * sx - 0.5;
                int x0 = Math.max((int) Math.floor(fx), 0), x1 = Math.min((int) Math.ceil(fx), inW - 1);
                double lx = fx - Math.floor(fx);
                for (int k = 0; k < c; k++) {
                    double top = src[(y0 * inW + x0) * c + k] + (src[(y0 * inW + x1) * c + k] - src[(y0 * inW + x0) * c + k]) * lx;
                    double bottom = src[(y1 * inW + x0) * c + k] + (src[(y1 * inW + x1) * c + k] - src[(y1 * inW + x0) * c + k]) * lx;
                    dst[offset + (y * outW + x) * c + k] = (float) (top + (bottom - top) * ly);
                }
            }
        }
    }
}
