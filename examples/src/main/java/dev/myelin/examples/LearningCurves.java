package dev.myelin.examples;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the learning curves of a training run as a PNG: two panels, loss and accuracy per epoch,
 * each with the training and validation series, labelled axes and a legend. Plain java.awt in
 * headless mode, so it needs neither a display nor a charting library.
 */
public final class LearningCurves {
    public static final int WIDTH = 1100, HEIGHT = 440;
    static final Color TRAIN = new Color(31, 119, 180);       // matplotlib's first two colours,
    static final Color VALIDATION = new Color(255, 127, 14);  // the ones Keras users know

    private static final int PANEL_MARGIN_LEFT = 70, MARGIN_RIGHT = 20, MARGIN_TOP = 40, MARGIN_BOTTOM = 55;

    private LearningCurves() {}

    /**
     * Writes the chart of {@code history} (Keras's {@code history.history}: {@code loss},
     * {@code accuracy} and their {@code val_} series, one value per epoch) to {@code png}. Missing
     * series are left out; the file is written whole or not at all.
     */
    public static void write(Map<String, List<Double>> history, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = render(history);
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer in this JDK");
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static BufferedImage render(Map<String, List<Double>> history) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int half = WIDTH / 2;
            panel(g, 0, half, "Loss", "loss", history.get("loss"), history.get("val_loss"));
            panel(g, half, half, "Accuracy", "accuracy", history.get("accuracy"), history.get("val_accuracy"));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void panel(Graphics2D g, int x0, int width, String title, String yLabel,
                              List<Double> train, List<Double> validation) {
        int left = x0 + PANEL_MARGIN_LEFT, right = x0 + width - MARGIN_RIGHT;
        int top = MARGIN_TOP, bottom = HEIGHT - MARGIN_BOTTOM;
        int epochs = Math.max(size(train), size(validation));

        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (List<Double> s : Arrays.asList(train, validation)) {   // List.of refuses nulls
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

        Scale sx = new Scale(xMin, xMax, left, right), sy = new Scale(yMin, yMax, bottom, top);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (double t : yTicks) {
            int y = sy.map(t);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(left - 4, y, left, y);
            String s = format(t, yTicks);
            g.drawString(s, left - 7 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        int step = Math.max(1, (int) Math.ceil(epochs / 10.0));
        for (int e = 1; e <= Math.max(1, epochs); e += step) {
            int x = sx.map(e);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(x, bottom, x, bottom + 4);
            String s = Integer.toString(e);
            g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 6 + fm.getAscent());
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        FontMetrics tf = g.getFontMetrics();
        g.drawString(title, (left + right - tf.stringWidth(title)) / 2, top - 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics lf = g.getFontMetrics();
        g.drawString("epoch", (left + right - lf.stringWidth("epoch")) / 2, HEIGHT - 14);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + bottom + lf.stringWidth(yLabel)) / 2, x0 + 18);
        g.setTransform(saved);

        series(g, train, TRAIN, sx, sy);
        series(g, validation, VALIDATION, sx, sy);
        legend(g, right, top, train != null, validation != null);
    }

    private static void series(Graphics2D g, List<Double> values, Color color, Scale sx, Scale sy) {
        if (values == null) return;
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double line = new Path2D.Double();
        boolean open = false;
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) { open = false; continue; }   // a NaN epoch breaks the line
            double x = sx.exact(i + 1), y = sy.exact(v);
            if (open) line.lineTo(x, y); else line.moveTo(x, y);
            open = true;
            g.fillOval((int) Math.round(x) - 4, (int) Math.round(y) - 4, 9, 9);
        }
        g.draw(line);
    }

    private static void legend(Graphics2D g, int right, int top, boolean train, boolean validation) {
        List<String> labels = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        if (train) { labels.add("training"); colors.add(TRAIN); }
        if (validation) { labels.add("validation"); colors.add(VALIDATION); }
        if (labels.isEmpty()) return;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int w = 0;
        for (String l : labels) w = Math.max(w, fm.stringWidth(l));
        int boxW = w + 44, rowH = fm.getHeight() + 4, boxH = rowH * labels.size() + 8;
        int bx = right - boxW - 10, by = top + 10;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(bx, by, boxW, boxH);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(bx, by, boxW, boxH);
        for (int i = 0; i < labels.size(); i++) {
            int cy = by + 4 + rowH * i + rowH / 2;
            g.setColor(colors.get(i));
            g.setStroke(new BasicStroke(2.2f));
            g.drawLine(bx + 8, cy, bx + 30, cy);
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), bx + 36, cy + fm.getAscent() / 2 - 1);
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

    /** A linear map from data values to pixels. */
    private record Scale(double from, double to, int pixelFrom, int pixelTo) {
        double exact(double v) { return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom); }

        int map(double v) { return (int) Math.round(exact(v)); }
    }
}
