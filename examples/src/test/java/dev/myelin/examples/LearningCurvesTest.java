package dev.myelin.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LearningCurvesTest {
    @TempDir
    Path dir;

    private static final Map<String, List<Double>> HISTORY = Map.of(
            "loss", List.of(0.9, 0.4, 0.2), "val_loss", List.of(0.5, 0.3, 0.25),
            "accuracy", List.of(0.7, 0.9, 0.95), "val_accuracy", List.of(0.85, 0.92, 0.93));

    @Test
    void writesAReadablePngWithBothSeriesInBothPanels() throws IOException {
        Path png = dir.resolve("curves.png");
        LearningCurves.write(HISTORY, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "a PNG that ImageIO reads back");
        assertEquals(LearningCurves.WIDTH, img.getWidth());
        assertEquals(LearningCurves.HEIGHT, img.getHeight());
        int half = img.getWidth() / 2;
        for (int[] panel : new int[][] {{0, half}, {half, img.getWidth()}}) {
            assertTrue(count(img, panel, LearningCurves.TRAIN) > 100, "training series drawn in panel at x=" + panel[0]);
            assertTrue(count(img, panel, LearningCurves.VALIDATION) > 100, "validation series drawn in panel at x=" + panel[0]);
        }
        assertFalse(Files.exists(dir.resolve("curves.png.tmp")), "temporary file removed");
    }

    @Test
    void oneEpochAndNanStillDraw() throws IOException {
        Path png = dir.resolve("one.png");
        LearningCurves.write(Map.of("loss", List.of(Double.NaN), "accuracy", List.of(0.5)), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(count(img, new int[] {img.getWidth() / 2, img.getWidth()}, LearningCurves.TRAIN) > 20,
                "the single accuracy point is drawn");
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        double[] t = LearningCurves.ticks(0.13, 0.97, 6);
        assertTrue(t[0] <= 0.13 && t[t.length - 1] >= 0.97, java.util.Arrays.toString(t));
        assertEquals(0.2, t[1] - t[0], 1e-12, "0.84 over 5 intervals rounds to a step of 0.2");
    }

    private static int count(BufferedImage img, int[] xRange, Color c) {
        int n = 0;
        for (int x = xRange[0]; x < xRange[1]; x++) {
            for (int y = 0; y < img.getHeight(); y++) if ((img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) n++;
        }
        return n;
    }
}
