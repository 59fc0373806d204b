package dev.myelin.charts;

/**
 * An opaque RGB image in memory with the few drawing operations a chart needs: filled rectangles,
 * anti-aliased thick polylines and dots. Only java.base, so the runtime image needs no java.desktop
 * and a bare host needs no fonts or X libraries. Coordinates are pixel centres: the pixel (x, y)
 * is centred on (x, y), so a line through y = 5.0 of width 2 covers half of rows 4 and 6 and all of 5.
 * Colours are 0xAARRGGBB; an alpha below 255 is blended over what is there.
 */
final class RasterCanvas {
    private final int width, height;
    private final int[] rgb;   // 0xRRGGBB per pixel, row by row

    RasterCanvas(int width, int height, int background) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("canvas size must be positive, got " + width + "x" + height);
        this.width = width;
        this.height = height;
        this.rgb = new int[width * height];
        java.util.Arrays.fill(rgb, background & 0xffffff);
    }

    int width() { return width; }

    int height() { return height; }

    /** The colour at (x, y) as 0xRRGGBB. */
    int rgb(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside the " + width + "x" + height + " canvas");
        }
        return rgb[y * width + x];
    }

    /** Paints {@code argb} over the rectangle of {@code w} by {@code h} pixels whose top-left pixel is (x, y), clipped. */
    void fillRect(int x, int y, int w, int h, int argb) {
        int x0 = Math.max(0, x), y0 = Math.max(0, y), x1 = Math.min(width, x + w), y1 = Math.min(height, y + h);
        for (int py = y0; py < y1; py++) {
            for (int px = x0; px < x1; px++) blend(px, py, argb, 1);
        }
    }

    /** The outline of a rectangle, one pixel wide, through the pixels (x, y) and (x + w, y + h). */
    void drawRect(int x, int y, int w, int h, int argb) {
        fillRect(x, y, w + 1, 1, argb);
        fillRect(x, y + h, w + 1, 1, argb);
        fillRect(x, y + 1, 1, h - 1, argb);
        fillRect(x + w, y + 1, 1, h - 1, argb);
    }

    /**
     * Strokes the line through the points (xs[i], ys[i]) with round caps and joins, {@code lineWidth}
     * pixels wide, anti-aliased: each pixel is covered by how far inside the stroke its centre lies
     * (one pixel of ramp), the coverage of overlapping segments taken once (a max, not a sum), so
     * joins are not darker than the rest.
     */
    void strokePolyline(double[] xs, double[] ys, double lineWidth, int argb) {
        if (xs.length != ys.length) throw new IllegalArgumentException(xs.length + " x values but " + ys.length + " y values");
        if (xs.length == 0) return;
        double reach = lineWidth / 2 + 1;
        int bx0 = clampX(floorMin(xs) - reach), bx1 = clampX(ceilMax(xs) + reach);
        int by0 = clampY(floorMin(ys) - reach), by1 = clampY(ceilMax(ys) + reach);
        int bw = bx1 - bx0 + 1, bh = by1 - by0 + 1;
        if (bw <= 0 || bh <= 0) return;
        float[] coverage = new float[bw * bh];
        for (int i = 0; i < xs.length; i++) {
            int j = Math.max(0, i - 1);   // a single point is a segment of length zero: a dot
            cover(coverage, bx0, by0, bw, bh, xs[j], ys[j], xs[i], ys[i], lineWidth / 2);
        }
        for (int py = 0; py < bh; py++) {
            for (int px = 0; px < bw; px++) {
                float c = coverage[py * bw + px];
                if (c > 0) blend(bx0 + px, by0 + py, argb, c);
            }
        }
    }

    /** A filled, anti-aliased disc of radius {@code r} centred on (cx, cy). */
    void fillCircle(double cx, double cy, double r, int argb) {
        strokePolyline(new double[] {cx}, new double[] {cy}, 2 * r, argb);
    }

    private void cover(float[] coverage, int bx0, int by0, int bw, int bh,
                       double ax, double ay, double bx, double by, double halfWidth) {
        double reach = halfWidth + 1;
        int x0 = Math.max(bx0, (int) Math.floor(Math.min(ax, bx) - reach)), x1 = Math.min(bx0 + bw - 1, (int) Math.ceil(Math.max(ax, bx) + reach));
        int y0 = Math.max(by0, (int) Math.floor(Math.min(ay, by) - reach)), y1 = Math.min(by0 + bh - 1, (int) Math.ceil(Math.max(ay, by) + reach));
        double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        for (int py = y0; py <= y1; py++) {
            for (int px = x0; px <= x1; px++) {
                double t = len2 == 0 ? 0 : Math.clamp(((px - ax) * dx + (py - ay) * dy) / len2, 0, 1);
                double ex = px - (ax + t * dx), ey = py - (ay + t * dy);
                float c = (float) Math.clamp(halfWidth + 0.5 - Math.sqrt(ex * ex + ey * ey), 0, 1);
                int k = (py - by0) * bw + (px - bx0);
                if (c > coverage[k]) coverage[k] = c;
            }
        }
    }

    /** Mixes {@code argb} into pixel (x, y) by its alpha times {@code coverage}; outside the canvas, nothing. */
    void blend(int x, int y, int argb, double coverage) {
        if (x < 0 || y < 0 || x >= width || y >= height) return;
        double a = ((argb >>> 24) / 255.0) * coverage;
        if (a <= 0) return;
        int k = y * width + x, dst = rgb[k];
        if (a >= 1) { rgb[k] = argb & 0xffffff; return; }
        int r = mix((argb >> 16) & 0xff, (dst >> 16) & 0xff, a);
        int g = mix((argb >> 8) & 0xff, (dst >> 8) & 0xff, a);
        int b = mix(argb & 0xff, dst & 0xff, a);
        rgb[k] = (r << 16) | (g << 8) | b;
    }

    private static int mix(int src, int dst, double a) { return (int) Math.round(src * a + dst * (1 - a)); }

    private int clampX(double x) { return (int) Math.clamp(x, 0, width - 1); }

    private int clampY(double y) { return (int) Math.clamp(y, 0, height - 1); }

    private static double floorMin(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) m = Math.min(m, d);
        return Math.floor(m);
    }

    private static double ceilMax(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) m = Math.max(m, d);
        return Math.ceil(m);
    }
}
