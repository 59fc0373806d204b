package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.backend.Backend;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Scope;
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
    private Tensor rowsMatrix, columnsMatrix;

    /** Doubles height and width (Keras's default size {@code (2, 2)}). */
    public UpSampling2D() {
        this(2, 2);
    }

    public UpSampling2D(int size) {
        this(size, size);
    }

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

    public String interpolation() { return interpolation; }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() != 3) throw incompatible("expects input of rank 4 (batch, height, width, channels)", input);
        return Shape.of(input.dim(0) * sizeH, input.dim(1) * sizeW, input.dim(2));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return interpolation.equals("nearest") ? nearest(x) : bilinear(x);
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

    private Tensor bilinear(Tensor x) {
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        Backend be = x.backend();
        if (rowsMatrix == null || rowsMatrix.backend() != be || rowsMatrix.dim(1) != h || columnsMatrix.dim(1) != w) {
            dropMatrices();
            rowsMatrix = Scope.escape(be.fromArray(Shape.of(h * sizeH, h), interpolationMatrix(h, sizeH), 0));
            columnsMatrix = Scope.escape(be.fromArray(Shape.of(w * sizeW, w), interpolationMatrix(w, sizeW), 0));
        }
        // Width: (W, N*H*C) rows, times the (W', W) matrix, back to (N, H, W', C).
        Tensor t = Ops.reshape(Ops.transpose(x, 2, 0, 1, 3), Shape.of(w, n * h * c));
        t = Ops.transpose(Ops.reshape(Ops.matmul(columnsMatrix, t), Shape.of(w * sizeW, n, h, c)), 1, 2, 0, 3);
        // Height: the same on (H, N*W'*C).
        Tensor u = Ops.reshape(Ops.transpose(t, 1, 0, 2, 3), Shape.of(h, n * w * sizeW * c));
        return Ops.transpose(Ops.reshape(Ops.matmul(rowsMatrix, u), Shape.of(h * sizeH, n, w * sizeW, c)), 1, 0, 2, 3);
    }

    /**
     * Row {@code j} holds the weights of output {@code j} over the {@code in} inputs: source position
     * {@code (j + 0.5) / scale - 0.5}, linear between its two neighbours, clamped to the edge pixels.
     */
    static float[] interpolationMatrix(int in, int scale) {
        int out = in * scale;
        float[] m = new float[out * in];
        for (int j = 0; j < out; j++) {
            double f = (j + 0.5) / scale - 0.5;
            int i0 = (int) Math.floor(f);
            double t = f - i0;
            int lo = Math.clamp(i0, 0, in - 1), hi = Math.clamp(i0 + 1, 0, in - 1);
            m[j * in + lo] += (float) (1 - t);
            m[j * in + hi] += (float) t;
        }
        return m;
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
        dropMatrices();
    }

    private void dropMatrices() {
        if (rowsMatrix != null) rowsMatrix.close();
        if (columnsMatrix != null) columnsMatrix.close();
        rowsMatrix = columnsMatrix = null;
    }
}
