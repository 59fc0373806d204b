package dev.myelin.model;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keras's progress bar, {@code  97/157 [==================>...........] - ETA: 3s - loss: 0.3121 - accuracy: 0.9032}.
 * On a console it is redrawn in place with {@code '\r'}, at most every half second (each redraw reads the
 * running metrics from the device); elsewhere (a log file, a pipe) it is printed once, when the epoch ends.
 */
public final class ProgressBar {
    static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 500_000_000L;

    private final PrintStream out;
    private final int target;
    private final boolean live;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastLength;

    /** A bar over {@code target} steps, redrawn in place when {@code live}, else printed once at the end. */
    public ProgressBar(PrintStream out, int target, boolean live) {
        this.out = out;
        this.target = target;
        this.live = live;
    }

    /** A bar that redraws live when a console is attached. */
    public static ProgressBar forConsole(PrintStream out, int target) {
        return new ProgressBar(out, target, System.console() != null);
    }

    /** After step {@code current}; {@code metrics} is only called (a device read) when the bar is redrawn. */
    public void update(int current, Supplier<Map<String, Double>> metrics) {
        if (!live || current >= target) return;
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && current > 1) return;
        lastDraw = now;
        double elapsed = (now - start) / 1e9;
        double eta = elapsed / current * (target - current);
        draw(line(current, "ETA: " + formatSeconds(eta), metrics.get()));
    }

    /** Draws the full bar with the epoch's time and final metrics, and ends the line. */
    public void finish(Map<String, Double> metrics) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        draw(line(target, formatSeconds(elapsed), metrics));
        out.println();
        out.flush();
    }

    private void draw(String text) {
        String pad = text.length() < lastLength ? " ".repeat(lastLength - text.length()) : "";
        out.print((live ? "\r" : "") + text + pad);
        out.flush();
        lastLength = text.length();
    }

    /** Keras's bar: counter right-aligned to the target's width, '=' for done, '>' at the head, '.' to go. */
    static String line(int current, int target, String time, Map<String, Double> metrics) {
        int digits = String.valueOf(target).length();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%" + digits + "d/%d [", current, target));
        int done = (int) ((long) WIDTH * current / target);
        if (done > 0) {
            b.append("=".repeat(done - 1));
            b.append(current < target ? '>' : '=');
        }
        b.append(".".repeat(WIDTH - done)).append("] - ").append(time);
        metrics.forEach((k, v) -> b.append(" - ").append(k).append(": ").append(String.format(Locale.ROOT, "%.4f", v)));
        return b.toString();
    }

    private String line(int current, String time, Map<String, Double> metrics) {
        return line(current, target, time, metrics);
    }

    /** Keras's time per step: {@code 2s/step}, {@code 39ms/step} or {@code 850us/step}. */
    static String formatPerStep(double seconds) {
        if (seconds >= 1) return String.format(Locale.ROOT, "%.0fs/step", seconds);
        if (seconds >= 1e-3) return String.format(Locale.ROOT, "%.0fms/step", seconds * 1e3);
        return String.format(Locale.ROOT, "%.0fus/step", seconds * 1e6);
    }

    /** {@code 3s}, or {@code 1:05} past a minute, as Keras writes the ETA. */
    static String formatSeconds(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
