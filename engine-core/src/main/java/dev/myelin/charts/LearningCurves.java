package dev.myelin.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws learning curves as a PNG: for a run, two panels, the loss and a metric per epoch (accuracy
 * where it was measured, else the first other metric), each with the training and validation
 * series, labelled axes and a legend; for several runs, one such row per run, or the runs side by
 * side on shared scales, to compare them.
 * Drawn with {@link RasterCanvas}, {@link BitmapFont} and {@link PngWriter} on java.base alone, so
 * it needs no display, no fonts and no java.desktop in the runtime image.
 */
public final class LearningCurves {
    /** The size of one run's chart, in pixels; a comparison stacks one such row per run. */
    public static final int WIDTH = 1100, HEIGHT = 440;
    static final int TRAIN = 0xff1f77b4;       // matplotlib's first two colours,
    static final int VALIDATION = 0xffff7f0e;  // the ones Keras users know
    static final int INK = 0xff000000, AXIS_GREY = 0xff404040, GRID = 0xffe6e6e6, LEGEND_EDGE = 0xff808080;
    private static final int WHITE = 0xffffffff, LEGEND_BACKGROUND = 0xe6ffffff;

    static final int PANEL_MARGIN_LEFT = 92, MARGIN_RIGHT = 20, MARGIN_TOP = 44, MARGIN_BOTTOM = 58;
    private static final int TEXT = 2, TITLE_TEXT = 3;   // font scales: 14 and 21 pixel capitals
    private static final double LINE_WIDTH = 2.2, DOT_RADIUS = 4.5;

    private LearningCurves() {}

    /**
     * Writes the chart of {@code history} (Keras's {@code history.history}: {@code loss}, the
     * metrics and their {@code val_} series, one value per epoch) to {@code png}. Missing series are
     * left out; the file is written whole or not at all.
     */
    public static void write(Map<String, List<Double>> history, Path png) throws IOException {
        PngWriter.write(render(history), png);
    }

    /**
     * Writes one row of panels per run, in the map's order, each titled with its run's name: how
     * two or more trainings (with and without a regularizer, say) are compared at a glance.
     */
    public static void writeComparison(Map<String, Map<String, List<Double>>> runs, Path png) throws IOException {
        if (runs.isEmpty()) throw new IllegalArgumentException("writeComparison needs at least one run");
        RasterCanvas canvas = new RasterCanvas(WIDTH, HEIGHT * runs.size(), WHITE);
        int row = 0;
        for (Map.Entry<String, Map<String, List<Double>>> run : runs.entrySet()) {
            drawRow(canvas, run.getValue(), row++ * HEIGHT, run.getKey() + ": ");
        }
        PngWriter.write(canvas, png);
    }

    /**
     * Writes the runs side by side, one column per run in the map's order, its loss above its metric
     * (accuracy where measured), each row on one y scale: the columns then compare at a glance, a
     * training with and without BatchNormalization, say. The metric is the first run's.
     */
    public static void writeSideBySide(Map<String, Map<String, List<Double>>> runs, Path png) throws IOException {
        if (runs.isEmpty()) throw new IllegalArgumentException("writeSideBySide needs at least one run");
        int column = WIDTH / 2;
        String metric = metricKey(runs.values().iterator().next());
        List<List<Double>> losses = new ArrayList<>(), metrics = new ArrayList<>();
        for (Map<String, List<Double>> h : runs.values()) {
            losses.addAll(Arrays.asList(h.get("loss"), h.get("val_loss")));
            metrics.addAll(Arrays.asList(h.get(metric), h.get("val_" + metric)));
        }
        String title = metric.equals("accuracy") ? "Accuracy" : metric;
        RasterCanvas canvas = new RasterCanvas(column * runs.size(), 2 * HEIGHT, WHITE);
        int x0 = 0;
        for (Map.Entry<String, Map<String, List<Double>>> run : runs.entrySet()) {
            Map<String, List<Double>> h = run.getValue();
            panel(canvas, Plot.of(x0, 0, column, losses), run.getKey() + ": Loss", "loss", h.get("loss"), h.get("val_loss"), true);
            panel(canvas, Plot.of(x0, HEIGHT, column, metrics), run.getKey() + ": " + title, metric, h.get(metric),
                    h.get("val_" + metric), !rises(metric));
            x0 += column;
        }
        PngWriter.write(canvas, png);
    }

    static RasterCanvas render(Map<String, List<Double>> history) {
        RasterCanvas canvas = new RasterCanvas(WIDTH, HEIGHT, WHITE);
        drawRow(canvas, history, 0, "");
        return canvas;
    }

    private static void drawRow(RasterCanvas canvas, Map<String, List<Double>> history, int y0, String titlePrefix) {
        panel(canvas, Plot.of(0, y0, WIDTH / 2, history.get("loss"), history.get("val_loss")),
                titlePrefix + "Loss", "loss", history.get("loss"), history.get("val_loss"), true);
        // Loss falls and accuracy rises: the legend goes where the curves usually are not.
        String metric = metricKey(history);
        String title = metric.equals("accuracy") ? "Accuracy" : metric;
        panel(canvas, Plot.of(WIDTH / 2, y0, WIDTH / 2, history.get(metric), history.get("val_" + metric)),
                titlePrefix + title, metric, history.get(metric), history.get("val_" + metric), !rises(metric));
    }

    /** The metric of the second panel: accuracy where measured, else the first metric that is not the loss. */
    static String metricKey(Map<String, List<Double>> history) {
        if (history.containsKey("accuracy")) return "accuracy";
        for (String k : new java.util.TreeSet<>(history.keySet())) {
            if (!k.equals("loss") && !k.startsWith("val_") && !k.equals("learning_rate")) return k;
        }
        return "accuracy";
    }

    /** Whether higher is better for {@code metric}, so its curves usually rise (the legend then goes low). */
    private static boolean rises(String metric) {
        return metric.contains("acc") || metric.contains("auc") || metric.contains("precision") || metric.contains("recall")
                || metric.contains("f1") || metric.contains("r2");
    }

    static Plot lossPanel(Map<String, List<Double>> history) {
        return Plot.of(0, 0, WIDTH / 2, history.get("loss"), history.get("val_loss"));
    }

    static Plot metricPanel(Map<String, List<Double>> history) {
        String metric = metricKey(history);
        return Plot.of(WIDTH / 2, 0, WIDTH / 2, history.get(metric), history.get("val_" + metric));
    }

    private static void panel(RasterCanvas g, Plot p, String title, String yLabel,
                              List<Double> train, List<Double> validation, boolean legendOnTop) {
        int textH = BitmapFont.height(TEXT);
        for (double t : p.yTicks) {
            int y = p.sy.map(t);
            g.fillRect(p.left + 1, y, p.right - p.left - 1, 1, GRID);
            g.fillRect(p.left - 5, y, 5, 1, AXIS_GREY);
            String s = format(t, p.yTicks);
            BitmapFont.draw(g, s, p.left - 9 - BitmapFont.width(s, TEXT), y - textH / 2, TEXT, AXIS_GREY);
        }
        int step = Math.max(1, (int) Math.ceil(p.epochs / 10.0));
        for (int e = 1; e <= Math.max(1, p.epochs); e += step) {
            int x = p.sx.map(e);
            g.fillRect(x, p.bottom + 1, 1, 5, AXIS_GREY);
            String s = Integer.toString(e);
            BitmapFont.draw(g, s, x - BitmapFont.width(s, TEXT) / 2 + 1, p.bottom + 10, TEXT, AXIS_GREY);
        }
        g.drawRect(p.left, p.top, p.right - p.left, p.bottom - p.top, INK);

        BitmapFont.draw(g, title, (p.left + p.right - BitmapFont.width(title, TITLE_TEXT)) / 2, p.y0 + 10, TITLE_TEXT, INK);
        BitmapFont.draw(g, "epoch", (p.left + p.right - BitmapFont.width("epoch", TEXT)) / 2, p.y0 + HEIGHT - 24, TEXT, INK);
        BitmapFont.drawUpwards(g, yLabel, p.x0 + 10, (p.top + p.bottom + BitmapFont.width(yLabel, TEXT)) / 2, TEXT, INK);

        series(g, train, TRAIN, p);
        series(g, validation, VALIDATION, p);
        legend(g, p.right, legendOnTop ? p.top : p.bottom, legendOnTop, train != null, validation != null);
    }

    /** The series as lines between its finite values (a NaN epoch breaks the line) and a dot on each. */
    private static void series(RasterCanvas g, List<Double> values, int color, Plot p) {
        if (values == null) return;
        List<double[]> run = new ArrayList<>();
        for (int i = 0; i <= values.size(); i++) {
            Double v = i < values.size() ? values.get(i) : null;
            if (v != null && Double.isFinite(v)) {
                run.add(new double[] {p.sx.exact(i + 1), p.sy.exact(v)});
                continue;
            }
            if (run.size() > 1) {
                double[] xs = new double[run.size()], ys = new double[run.size()];
                for (int k = 0; k < run.size(); k++) { xs[k] = run.get(k)[0]; ys[k] = run.get(k)[1]; }
                g.strokePolyline(xs, ys, LINE_WIDTH, color);
            }
            for (double[] point : run) g.fillCircle(point[0], point[1], DOT_RADIUS, color);
            run.clear();
        }
    }

    private static void legend(RasterCanvas g, int right, int edge, boolean onTop, boolean train, boolean validation) {
        List<String> labels = new ArrayList<>();
        List<Integer> colors = new ArrayList<>();
        if (train) { labels.add("training"); colors.add(TRAIN); }
        if (validation) { labels.add("validation"); colors.add(VALIDATION); }
        if (labels.isEmpty()) return;
        int w = 0;
        for (String l : labels) w = Math.max(w, BitmapFont.width(l, TEXT));
        int rowH = BitmapFont.height(TEXT) + 10, boxW = w + 50, boxH = rowH * labels.size() + 8;
        int bx = right - boxW - 10, by = onTop ? edge + 10 : edge - 10 - boxH;
        g.fillRect(bx, by, boxW, boxH, LEGEND_BACKGROUND);
        g.drawRect(bx, by, boxW, boxH, LEGEND_EDGE);
        for (int i = 0; i < labels.size(); i++) {
            int cy = by + 4 + rowH * i + rowH / 2;
            g.strokePolyline(new double[] {bx + 10, bx + 34}, new double[] {cy, cy}, LINE_WIDTH, colors.get(i));
            BitmapFont.draw(g, labels.get(i), bx + 42, cy - BitmapFont.height(TEXT) / 2, TEXT, INK);
        }
    }

    /** About {@code count} round tick values covering {@code [lo, hi]} (1, 2 or 5 times a power of ten apart). */
    static double[] ticks(double lo, double hi, int count) {
        double raw = (hi - lo) / Math.max(1, count - 1);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3 ? 2 * mag : raw / mag < 7 ? 5 * mag : 10 * mag;
        double first = Math.floor(lo / step) * step, last = Math.ceil(hi / step) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = first + i * step;
        return t;
    }

    private static String format(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static int size(List<Double> s) { return s == null ? 0 : s.size(); }

    /** A linear map from data values to pixel centres. */
    record Scale(double from, double to, int pixelFrom, int pixelTo) {
        double exact(double v) { return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom); }

        int map(double v) { return (int) Math.round(exact(v)); }
    }

    /** One panel's frame (pixels), its epoch count, its scales and its y ticks. */
    record Plot(int x0, int y0, int left, int right, int top, int bottom, int epochs, Scale sx, Scale sy, double[] yTicks) {
        static Plot of(int x0, int y0, int width, List<Double> train, List<Double> validation) {
            return of(x0, y0, width, Arrays.asList(train, validation));   // List.of refuses nulls
        }

        /** A panel whose scales cover every one of {@code series} (null ones skipped). */
        static Plot of(int x0, int y0, int width, List<List<Double>> series) {
            int left = x0 + PANEL_MARGIN_LEFT, right = x0 + width - MARGIN_RIGHT;
            int top = y0 + MARGIN_TOP, bottom = y0 + HEIGHT - MARGIN_BOTTOM;
            int epochs = 0;
            for (List<Double> s : series) epochs = Math.max(epochs, size(s));
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (List<Double> s : series) {
                if (s == null) continue;
                for (Double v : s) {
                    if (v != null && Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (lo > hi) { lo = 0; hi = 1; }                   // nothing to plot: still draw the axes
            if (hi - lo < 1e-9) { lo -= 0.5 * Math.max(1e-3, Math.abs(lo)); hi += 0.5 * Math.max(1e-3, Math.abs(hi)); }
            double[] yTicks = ticks(lo, hi, 6);
            double yMin = Math.min(lo, yTicks[0]), yMax = Math.max(hi, yTicks[yTicks.length - 1]);
            double xMin = epochs <= 1 ? 0.5 : 1, xMax = epochs <= 1 ? 1.5 : epochs;
            return new Plot(x0, y0, left, right, top, bottom, epochs,
                    new Scale(xMin, xMax, left, right), new Scale(yMin, yMax, bottom, top), yTicks);
        }
    }
}
