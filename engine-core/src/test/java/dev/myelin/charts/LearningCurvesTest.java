package dev.myelin.charts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void writesAValidPngWithBothSeriesInBothPanels() throws IOException {
        Path png = dir.resolve("curves.png");
        LearningCurves.write(HISTORY, png);
        PngDecoder img = PngDecoder.decode(Files.readAllBytes(png));
        assertEquals(LearningCurves.WIDTH, img.width());
        assertEquals(LearningCurves.HEIGHT, img.height());
        int half = img.width() / 2;
        for (int[] panel : new int[][] {{0, half}, {half, img.width()}}) {
            assertTrue(count(img, panel, LearningCurves.TRAIN) > 100, "training series drawn in panel at x=" + panel[0]);
            assertTrue(count(img, panel, LearningCurves.VALIDATION) > 100, "validation series drawn in panel at x=" + panel[0]);
        }
        assertFalse(Files.exists(dir.resolve("curves.png.tmp")), "temporary file removed");
    }

    @Test
    void pointsLandWhereTheirValuesSay() throws IOException {
        Path png = dir.resolve("curves.png");
        LearningCurves.write(HISTORY, png);
        PngDecoder img = PngDecoder.decode(Files.readAllBytes(png));
        LearningCurves.Plot loss = LearningCurves.lossPanel(HISTORY), acc = LearningCurves.metricPanel(HISTORY);
        // the dots (radius 4.5) are solid a pixel or two around each point's centre
        assertEquals(rgb(LearningCurves.TRAIN), at(img, loss, 3, 0.2), "last training loss");
        assertEquals(rgb(LearningCurves.TRAIN), at(img, loss, 1, 0.9), "first training loss");
        assertEquals(rgb(LearningCurves.VALIDATION), at(img, loss, 3, 0.25), "last validation loss");
        assertEquals(rgb(LearningCurves.VALIDATION), at(img, acc, 1, 0.85), "first validation accuracy");
        assertEquals(rgb(LearningCurves.TRAIN), at(img, acc, 2, 0.9), "second training accuracy");
        // midway between epochs 1 and 2 the training loss line passes through (0.9 + 0.4) / 2
        assertEquals(rgb(LearningCurves.TRAIN), at(img, loss, 1.5, 0.65), "training loss line");
        assertEquals(0xffffff, at(img, loss, 1.5, 0.33), "nothing plotted under the lines there (and off the grid lines at 0.3 and 0.4)");
    }

    @Test
    void framesTitlesAndLabelsAreDrawn() throws IOException {
        Path png = dir.resolve("curves.png");
        LearningCurves.write(HISTORY, png);
        PngDecoder img = PngDecoder.decode(Files.readAllBytes(png));
        LearningCurves.Plot loss = LearningCurves.lossPanel(HISTORY);
        int ink = rgb(LearningCurves.INK), grey = rgb(LearningCurves.AXIS_GREY);
        assertEquals(ink, img.rgb(loss.left(), (loss.top() + loss.bottom()) / 2), "left edge of the frame");
        assertEquals(ink, img.rgb((loss.left() + loss.right()) / 2, loss.bottom()), "bottom edge of the frame");
        assertTrue(countIn(img, loss.left(), loss.right(), 0, loss.top(), ink) > 50, "title above the frame");
        assertTrue(countIn(img, loss.left(), loss.right(), loss.bottom() + 25, img.height(), ink) > 30, "x-axis title");
        assertTrue(countIn(img, 0, 30, loss.top(), loss.bottom(), ink) > 30, "y-axis title");
        assertTrue(countIn(img, 0, loss.left() - 6, loss.top() - 10, loss.bottom() + 10, grey) > 100, "y tick labels");
        assertTrue(countIn(img, loss.left(), loss.right(), loss.bottom() + 6, loss.bottom() + 25, grey) > 20, "x tick labels");
    }

    @Test
    void oneEpochAndNanStillDraw() throws IOException {
        Path png = dir.resolve("one.png");
        Map<String, List<Double>> history = Map.of("loss", List.of(Double.NaN), "accuracy", List.of(0.5));
        LearningCurves.write(history, png);
        PngDecoder img = PngDecoder.decode(Files.readAllBytes(png));
        assertTrue(count(img, new int[] {img.width() / 2, img.width()}, LearningCurves.TRAIN) > 20,
                "the single accuracy point is drawn");
        assertEquals(rgb(LearningCurves.TRAIN), at(img, LearningCurves.metricPanel(history), 1, 0.5));
    }

    @Test
    void aRegressionRunPlotsItsFirstMetric() throws IOException {
        Map<String, List<Double>> history = Map.of("loss", List.of(4.0, 2.0), "mae", List.of(1.5, 0.75),
                "val_mae", List.of(1.0, 0.5), "val_loss", List.of(3.0, 1.0));
        assertEquals("mae", LearningCurves.metricKey(history));
        Path png = dir.resolve("regression.png");
        LearningCurves.write(history, png);
        PngDecoder img = PngDecoder.decode(Files.readAllBytes(png));
        LearningCurves.Plot mae = LearningCurves.metricPanel(history);
        assertEquals(rgb(LearningCurves.TRAIN), at(img, mae, 2, 0.75), "second training mae");
        assertEquals(rgb(LearningCurves.VALIDATION), at(img, mae, 1, 1.0), "first validation mae");
    }

    @Test
    void aComparisonDrawsOneRowPerRun() throws IOException {
        Map<String, Map<String, List<Double>>> runs = new java.util.LinkedHashMap<>();
        runs.put("plain", HISTORY);
        runs.put("with L2", Map.of("loss", List.of(0.8, 0.6, 0.5), "accuracy", List.of(0.6, 0.7, 0.8)));
        runs.put("with dropout", Map.of("loss", List.of(0.7, 0.5, 0.4), "val_loss", List.of(0.6, 0.5, 0.45)));
        Path png = dir.resolve("compare.png");
        LearningCurves.writeComparison(runs, png);
        PngDecoder img = PngDecoder.decode(Files.readAllBytes(png));
        assertEquals(3 * LearningCurves.HEIGHT, img.height());
        for (int row = 0; row < 3; row++) {
            int y0 = row * LearningCurves.HEIGHT;
            assertTrue(countIn(img, 0, img.width() / 2, y0, y0 + LearningCurves.HEIGHT, LearningCurves.TRAIN) > 100,
                    "row " + row + " has its training loss");
        }
        assertEquals(0, countIn(img, 0, img.width(), LearningCurves.HEIGHT, 2 * LearningCurves.HEIGHT, LearningCurves.VALIDATION),
                "the second run has no validation series");
    }

    @Test
    void sideBySideRunsShareEachRowsScale() throws IOException {
        Map<String, Map<String, List<Double>>> runs = new java.util.LinkedHashMap<>();
        runs.put("a", Map.of("loss", List.of(2.0, 1.0, 0.5), "accuracy", List.of(0.2, 0.5, 0.9)));
        runs.put("b", Map.of("loss", List.of(1.0, 0.8, 0.9), "val_loss", List.of(1.2, 1.1, 1.0),
                "accuracy", List.of(0.4, 0.45, 0.5)));
        Path png = dir.resolve("side.png");
        LearningCurves.writeSideBySide(runs, png);
        PngDecoder img = PngDecoder.decode(Files.readAllBytes(png));
        int column = LearningCurves.WIDTH / 2;
        assertEquals(2 * column, img.width(), "one column per run");
        assertEquals(2 * LearningCurves.HEIGHT, img.height(), "the loss above the accuracy");
        // b's losses (0.8-1.2) are drawn on a's range (0.5-2.0): its first loss, 1.0, on the row of a's second
        LearningCurves.Plot lossA = LearningCurves.Plot.of(0, 0, column, List.of(0.5, 2.0, 1.0), null);
        LearningCurves.Plot lossB = LearningCurves.Plot.of(column, 0, column, List.of(0.5, 2.0, 1.0), null);
        assertEquals(lossA.sy().map(1.0), lossB.sy().map(1.0));
        assertEquals(rgb(LearningCurves.TRAIN), at(img, lossA, 2, 1.0), "a's second loss");
        assertEquals(rgb(LearningCurves.TRAIN), at(img, lossB, 1, 1.0), "b's first loss, on the shared scale");
        assertEquals(rgb(LearningCurves.VALIDATION), at(img, lossB, 3, 1.0), "b's last validation loss");
        LearningCurves.Plot accB = LearningCurves.Plot.of(column, LearningCurves.HEIGHT, column, List.of(0.2, 0.9, 0.5), null);
        assertEquals(rgb(LearningCurves.TRAIN), at(img, accB, 3, 0.5), "b's last accuracy, on a's range");
        assertEquals(0, countIn(img, 0, column, 0, img.height(), LearningCurves.VALIDATION), "a has no validation series");
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        double[] t = LearningCurves.ticks(0.13, 0.97, 6);
        assertTrue(t[0] <= 0.13 && t[t.length - 1] >= 0.97, java.util.Arrays.toString(t));
        assertEquals(0.2, t[1] - t[0], 1e-12, "0.84 over 5 intervals rounds to a step of 0.2");
    }

    private static int at(PngDecoder img, LearningCurves.Plot p, double epoch, double value) {
        return img.rgb(p.sx().map(epoch), p.sy().map(value));
    }

    private static int rgb(int argb) { return argb & 0xffffff; }

    private static int count(PngDecoder img, int[] xRange, int argb) {
        return countIn(img, xRange[0], xRange[1], 0, img.height(), argb);
    }

    private static int countIn(PngDecoder img, int x0, int x1, int y0, int y1, int argb) {
        int n = 0;
        for (int x = x0; x < x1; x++) {
            for (int y = y0; y < y1; y++) if (img.rgb(x, y) == rgb(argb)) n++;
        }
        return n;
    }
}
