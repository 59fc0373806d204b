package dev.myelin.backend;

/** One 2-D pooling over NHWC {@code (batch, inH, inW, channels)}; padding may be asymmetric. */
public record Pool2dGeometry(int batch, int inH, int inW, int channels, int poolH, int poolW,
                             int strideH, int strideW, int padTop, int padLeft, int padBottom, int padRight) {

    /** Checks that every size is positive and the window fits the padded input. */
    public Pool2dGeometry {
        if (batch < 1 || inH < 1 || inW < 1 || channels < 1 || poolH < 1 || poolW < 1 || strideH < 1 || strideW < 1
                || padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
            throw new IllegalArgumentException("invalid pooling geometry " + this);
        }
        if (inH + padTop + padBottom < poolH || inW + padLeft + padRight < poolW) {
            throw new IllegalArgumentException("pool " + poolH + "x" + poolW + " is larger than the padded input "
                    + (inH + padTop + padBottom) + "x" + (inW + padLeft + padRight));
        }
    }

    /** Keras's geometry for {@code padding} "valid" or "same". */
    public static Pool2dGeometry of(int batch, int inH, int inW, int channels, int poolH, int poolW,
                                    int strideH, int strideW, Padding padding) {
        int[] ph = padding.pads(inH, poolH, strideH);
        int[] pw = padding.pads(inW, poolW, strideW);
        return new Pool2dGeometry(batch, inH, inW, channels, poolH, poolW, strideH, strideW, ph[0], pw[0], ph[1], pw[1]);
    }

    /** The output height. */
    public int outH() { return (inH + padTop + padBottom - poolH) / strideH + 1; }

    /** The output width. */
    public int outW() { return (inW + padLeft + padRight - poolW) / strideW + 1; }

    /** Whether the padding is the same on both sides of each axis (what cuDNN's descriptors express). */
    public boolean symmetricPadding() { return padTop == padBottom && padLeft == padRight; }

    /** The same geometry for a batch of {@code n}. */
    public Pool2dGeometry withBatch(int n) {
        return new Pool2dGeometry(n, inH, inW, channels, poolH, poolW, strideH, strideW, padTop, padLeft, padBottom, padRight);
    }
}
