package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.Locale;

/**
 * Keras's {@code UpSampling2D}: repeats the rows and columns of NHWC images {@code size} times
 * ({@code "nearest"}, the default), or resizes them bilinearly ({@code "bilinear"}: half-pixel
 * centres with the edges clamped, as Keras's {@code ops.image.resize}). Both are composed of
 * existing ops: nearest from broadcasts and transposes, bilinear as a product with a small
 * interpolation matrix per axis (kept on the device, made once).
 */
public final class UpSampling2D extends Layer {
    private final int sizeH, sizeW;
    private String interpolation = "nearest";
    private final BilinearResize resize = new BilinearResize();

    /** Doubles height and width (Keras's default size {@code (2, 2)}). */
    public UpSampling2D() {
        this(2, 2);
    }

    /** Scales height and width by {@code size}. */
    public UpSampling2D(int size) {
        this(size, size);
    }

    /** Scales the height by {@code sizeH} and the width by {@code sizeW}. */
    public UpSampling2D(int sizeH, int sizeW) {
        if (sizeH < 1 || sizeW < 1) throw new IllegalArgumentException("UpSampling2D size must be at least 1, got " + sizeH + "x" + sizeW);
        this.sizeH = sizeH;
        this.sizeW = sizeW;
    }

    /** {@code "nearest"} (default) or {@code "bilinear"}. */
    public UpSampling2D interpolation(String mode) {
        String m = mode.toLowerCase(Locale.ROOT);
        if (!m.equals("nearest") && !m.equals("bilinear")) {
            throw new IllegalArgumentException("UpSampling2D interpolation must be \"nearest\" or \"bilinear\", got \"" + mode + "\"");
        }
        this.interpolation = m;
        return this;
    }

    /** {@code "nearest"} or {@code "bilinear"}. */
    public String interpolation() { return interpolation; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 3) throw incompatible("expects input of rank 4 (batch, height, width, channels)", input);
        long h = (long) input.dim(0) * sizeH, w = (long) input.dim(1) * sizeW;
        if (h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
            throw incompatible("with size " + sizeH + "x" + sizeW + " would make images of " + h + "x" + w
                    + ", more than an axis can hold", input);
        }
        return Shape.of((int) h, (int) w, input.dim(2));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return interpolation.equals("nearest") ? nearest(x) : resize.apply(x, x.dim(1) * sizeH, x.dim(2) * sizeW);
    }

    private Tensor nearest(Tensor x) {
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        Tensor y = x;
        if (sizeW > 1) { // (N, H, W, C, sw) -> (N, H, W, sw, C)
            y = Ops.reshape(Ops.transpose(Ops.broadcastLastAxis(y, sizeW), 0, 1, 2, 4, 3), Shape.of(n, h, w * sizeW, c));
        }
        if (sizeH > 1) { // (N, H, W'C, sh) -> (N, H, sh, W'C)
            Tensor rows = Ops.reshape(y, Shape.of(n, h, w * sizeW * c));
            y = Ops.reshape(Ops.transpose(Ops.broadcastLastAxis(rows, sizeH), 0, 1, 3, 2), Shape.of(n, h * sizeH, w * sizeW, c));
        }
        return y;
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.add("size", ConfigValues.ints(sizeH, sizeW));
        c.addProperty("data_format", "channels_last");
        c.addProperty("interpolation", interpolation);
        return c;
    }

    static UpSampling2D fromConfig(ConfigReader c) {
        int[] s = c.integers("size", 2, 1, Integer.MAX_VALUE);
        UpSampling2D up = new UpSampling2D(s[0], s[1]);
        return ConfigValues.named(c.parsed("interpolation", up::interpolation), c);
    }

    @Override
    public void release() {
        super.release();
        resize.release();
    }
}
