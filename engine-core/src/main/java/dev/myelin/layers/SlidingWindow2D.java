package dev.myelin.layers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.myelin.backend.Padding;
import dev.myelin.tensor.Shape;

import java.util.Locale;

/**
 * What Conv2D and the poolings share: a window slid over NHWC images with strides and Keras's
 * {@code valid}/{@code same} padding, and the output size that follows. {@code T} is the concrete
 * layer, so the fluent setters chain: {@code new Conv2D(32, 3).strides(2).padding("same").activation("relu")}.
 */
public abstract class SlidingWindow2D<T extends SlidingWindow2D<T>> extends Layer {
    protected final int windowH;
    protected final int windowW;
    private int strideH;
    private int strideW;
    private Padding padding = Padding.VALID;

    protected SlidingWindow2D(int windowH, int windowW, int defaultStrideH, int defaultStrideW) {
        if (windowH < 1 || windowW < 1) {
            throw new IllegalArgumentException(typeName() + " window must be at least 1x1, got " + windowH + "x" + windowW);
        }
        this.windowH = windowH;
        this.windowW = windowW;
        this.strideH = defaultStrideH;
        this.strideW = defaultStrideW;
    }

    @SuppressWarnings("unchecked")
    private T self() { return (T) this; }

    /** The same stride along height and width. */
    public T strides(int s) {
        return strides(s, s);
    }

    /** The strides along height and width. */
    public T strides(int h, int w) {
        if (h < 1 || w < 1) throw new IllegalArgumentException(typeName() + " strides must be at least 1, got " + h + "x" + w);
        this.strideH = h;
        this.strideW = w;
        return self();
    }

    /** {@code "valid"} (no padding, Keras's default) or {@code "same"} (output size {@code ceil(in / stride)}). */
    public T padding(String mode) {
        this.padding = Padding.parse(mode);
        return self();
    }

    /** The stride along the height. */
    public int strideH() { return strideH; }

    /** The stride along the width. */
    public int strideW() { return strideW; }

    /** The padding, {@code valid} or {@code same}. */
    public Padding padding() { return padding; }

    /** The word errors use for the window: "kernel" or "pool". */
    protected abstract String windowWord();

    /** Pixels the window spans vertically: its height, more for a dilated kernel. */
    protected int spanH() { return windowH; }

    /** Pixels the window spans horizontally. */
    protected int spanW() { return windowW; }

    /** Checks {@code input} is {@code (height, width, channels)} and returns the output {@code {height, width}}. */
    protected final int[] outputSize(Shape input) {
        if (input.rank() != 3) throw incompatible("expects input of rank 4 (batch, height, width, channels)", input);
        int h = input.dim(0), w = input.dim(1), sh = spanH(), sw = spanW();
        if (padding == Padding.VALID && (h < sh || w < sw)) {
            throw incompatible("with a " + windowH + "x" + windowW + " " + windowWord()
                    + (sh != windowH || sw != windowW ? " dilated to " + sh + "x" + sw : "")
                    + " and padding \"valid\" needs images of at least " + sh + "x" + sw, input);
        }
        if (padding.paddedLength(h, sh, strideH) > Integer.MAX_VALUE || padding.paddedLength(w, sw, strideW) > Integer.MAX_VALUE) {
            throw incompatible("with a " + windowH + "x" + windowW + " " + windowWord() + " and padding \"same\" would pad the images past"
                    + " 2147483647 pixels a side", input);
        }
        return new int[] {padding.outputLength(h, sh, strideH), padding.outputLength(w, sw, strideW)};
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add(windowWord() + "_size", pair(windowH, windowW));
        c.add("strides", pair(strideH, strideW));
        c.addProperty("padding", padding.name().toLowerCase(Locale.ROOT));
        return c;
    }

    static JsonArray pair(int a, int b) {
        JsonArray p = new JsonArray();
        p.add(a);
        p.add(b);
        return p;
    }

    /** Restores strides and padding from a saved config. */
    final T restoreWindow(ConfigReader c) {
        int[] s = readPair(c, "strides");
        strides(s[0], s[1]);
        padding = c.parsed("padding", Padding::parse);
        named(c.name());
        return self();
    }

    static int[] readPair(ConfigReader c, String key) {
        return c.integers(key, 2, 1, Integer.MAX_VALUE);
    }
}
